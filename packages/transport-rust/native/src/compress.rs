//! gzip and brotli response compression, done on a tokio thread so JavaScript never pays for it.
//! Applied when the route allows it, the client accepts it, the body is big enough and its
//! content type is text-like.

use std::io::Write;

use http::{HeaderMap, HeaderValue};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
  Br,
  Gzip,
}

impl Encoding {
  pub fn header_value(self) -> HeaderValue {
    HeaderValue::from_static(match self {
      Encoding::Br => "br",
      Encoding::Gzip => "gzip",
    })
  }
}

/// Picks brotli, then gzip, from an `Accept-Encoding` value; `q=0` refuses an encoding.
pub fn negotiate(accept: Option<&HeaderValue>) -> Option<Encoding> {
  let accept = accept?.to_str().ok()?;
  let mut br = false;
  let mut gzip = false;
  for item in accept.split(',') {
    let mut parts = item.split(';');
    let token = parts.next().unwrap_or("").trim();
    let refused = parts.any(|p| {
      let p = p.trim();
      p.strip_prefix("q=").is_some_and(|q| q.trim().parse::<f32>().is_ok_and(|q| q <= 0.0))
    });
    if refused {
      continue;
    }
    if token.eq_ignore_ascii_case("br") {
      br = true;
    } else if token.eq_ignore_ascii_case("gzip") || token.eq_ignore_ascii_case("x-gzip") || token == "*" {
      gzip = true;
    }
  }
  if br {
    Some(Encoding::Br)
  } else if gzip {
    Some(Encoding::Gzip)
  } else {
    None
  }
}

/// True for content types that shrink (text, JSON, JavaScript, XML, SVG) on answers that allow it:
/// not already encoded, and not `cache-control: no-transform` (RFC 9111 5.2.2.6), as the JS plugin.
pub fn compressible(headers: &HeaderMap) -> bool {
  if headers.contains_key(http::header::CONTENT_ENCODING) {
    return false;
  }
  let no_transform = headers
    .get_all(http::header::CACHE_CONTROL)
    .iter()
    .filter_map(|v| v.to_str().ok())
    .any(|v| v.split(',').any(|d| d.trim().eq_ignore_ascii_case("no-transform")));
  if no_transform {
    return false;
  }
  let Some(ct) = headers.get(http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
    return false;
  };
  let ct = ct.to_ascii_lowercase();
  ct.starts_with("text/") || ct.contains("json") || ct.contains("javascript") || ct.contains("xml") || ct.contains("svg")
}

/// Compresses `data`; fast settings (brotli quality 4, gzip level 4) because this runs per request.
pub fn compress(encoding: Encoding, data: &[u8]) -> std::io::Result<Vec<u8>> {
  match encoding {
    Encoding::Br => {
      let mut w = brotli::CompressorWriter::new(Vec::with_capacity(data.len() / 3 + 64), 4096, 4, 20);
      w.write_all(data)?;
      w.flush()?;
      Ok(w.into_inner())
    }
    Encoding::Gzip => {
      let mut w = flate2::write::GzEncoder::new(Vec::with_capacity(data.len() / 3 + 64), flate2::Compression::new(4));
      w.write_all(data)?;
      w.finish()
    }
  }
}

#[cfg(test)]
mod tests {
  use super::*;
  use std::io::Read;

  #[test]
  fn negotiates_by_preference_and_refusal() {
    let v = |s: &'static str| HeaderValue::from_static(s);
    assert_eq!(negotiate(Some(&v("gzip, deflate, br"))), Some(Encoding::Br));
    assert_eq!(negotiate(Some(&v("gzip"))), Some(Encoding::Gzip));
    assert_eq!(negotiate(Some(&v("br;q=0, gzip"))), Some(Encoding::Gzip));
    assert_eq!(negotiate(Some(&v("identity"))), None);
    assert_eq!(negotiate(None), None);
  }

  #[test]
  fn gzip_round_trips() {
    let data = b"{\"hello\":\"world\"}".repeat(100);
    let packed = compress(Encoding::Gzip, &data).unwrap();
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&packed[..]).read_to_end(&mut out).unwrap();
    assert_eq!(out, data);
    assert!(packed.len() < data.len() / 4);
  }

  #[test]
  fn brotli_round_trips() {
    let data = b"{\"hello\":\"world\"}".repeat(100);
    let packed = compress(Encoding::Br, &data).unwrap();
    let mut out = Vec::new();
    brotli::Decompressor::new(&packed[..], 4096).read_to_end(&mut out).unwrap();
    assert_eq!(out, data);
  }
}
