//! gzip and brotli response compression, done on a tokio thread so JavaScript never pays for it.
//! Applied when the route allows it, the client accepts it, the body is big enough and its
//! content type is text-like.

use std::io::Write;

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, StatusCode};

use crate::config::CompressSpec;

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


/// The `compress` native form (@bolt/middleware's `compress()`, its `CompressConfig`): JavaScript
/// drops the plugin's onSend hook and Rust applies it to the final answer instead, after every JS
/// hook ran, with the plugin's settings and decisions (`compress/index.ts`, `negotiate.ts`,
/// `compressible.ts`): the same content types, `vary: accept-encoding` on every compressible
/// answer (compressed or not), q-value negotiation among the offered codings, and never for
/// ranges, 1xx/204/206/304, `content-encoding`, `content-range` or `no-transform`.
pub struct CompressForm {
  min: usize,
  offered: Vec<Encoding>,
  brotli_quality: u32,
  gzip_level: u32,
}

/// JavaScript's `Number(text)` for a q-value: NaN and infinities are 0 to the caller.
fn js_number(text: &str) -> f64 {
  let t = text.trim();
  if t.is_empty() {
    return 0.0;
  }
  let radix = |p: &str, r: u32| t.get(2..).filter(|_| t[..2].eq_ignore_ascii_case(p)).map(|d| u64::from_str_radix(d, r).map_or(f64::NAN, |n| n as f64));
  if let Some(n) = radix("0x", 16).or_else(|| radix("0o", 8)).or_else(|| radix("0b", 2)) {
    return n;
  }
  // Rust also reads `inf` and `nan`, which JS reads as NaN: both end up 0 below.
  t.parse::<f64>().unwrap_or(f64::NAN)
}

/// A request header as JavaScript reads it: repeated values joined with `, `.
fn joined(headers: &HeaderMap, name: http::header::HeaderName) -> Option<String> {
  let mut out: Option<String> = None;
  for v in headers.get_all(name).iter() {
    let text = String::from_utf8_lossy(v.as_bytes());
    match &mut out {
      None => out = Some(text.into_owned()),
      Some(o) => {
        o.push_str(", ");
        o.push_str(&text);
      }
    }
  }
  out
}

/// The size of a body as the plugin sees it: None for a stream (compressed whatever its size).
pub enum BodySize {
  Known(usize),
  Unknown,
}

/// What the form decided for one answer.
pub struct Decision {
  /// The coding to apply, if any (the body is big enough and the client accepts one).
  pub encoding: Option<Encoding>,
  pub settings: Settings,
}

#[derive(Clone, Copy)]
pub struct Settings {
  pub brotli_quality: u32,
  pub gzip_level: u32,
}

impl CompressForm {
  pub fn from_spec(spec: &CompressSpec) -> Result<Self, String> {
    let offered = spec
      .encodings
      .iter()
      .map(|e| match e.as_str() {
        "br" => Ok(Encoding::Br),
        "gzip" => Ok(Encoding::Gzip),
        other => Err(format!("compress: coding {other} is not supported natively")),
      })
      .collect::<Result<Vec<_>, _>>()?;
    Ok(Self { min: spec.min_bytes as usize, offered, brotli_quality: spec.brotli_quality, gzip_level: spec.gzip_level })
  }

  /// The request's side of the decision: the coding the client takes (`None` also for ranges).
  pub fn negotiate(&self, request: &HeaderMap) -> Option<Encoding> {
    if request.contains_key(http::header::RANGE) {
      return None;
    }
    negotiate_q(joined(request, http::header::ACCEPT_ENCODING).as_deref(), &self.offered)
  }

  /// Applies the plugin's answer-side rules to `headers`: adds `vary: accept-encoding` to a
  /// compressible answer and returns the coding to use (with `content-encoding` set), or None
  /// when the answer goes out as it is. `encoding`: what [`Self::negotiate`] gave.
  pub fn decide(&self, status: StatusCode, headers: &mut HeaderMap, size: BodySize, encoding: Option<Encoding>) -> Decision {
    let settings = Settings { brotli_quality: self.brotli_quality, gzip_level: self.gzip_level };
    let none = Decision { encoding: None, settings };
    let s = status.as_u16();
    if s < 200 || s == 204 || s == 206 || s == 304 || must_stay(headers) || !compressible_type(headers) {
      return none;
    }
    vary_on(headers, "accept-encoding");
    let big = match size {
      BodySize::Known(n) => n >= self.min,
      BodySize::Unknown => true,
    };
    let Some(enc) = encoding.filter(|_| big) else { return none };
    headers.remove(http::header::CONTENT_LENGTH);
    headers.append(http::header::CONTENT_ENCODING, enc.header_value());
    Decision { encoding: Some(enc), settings }
  }
}

/// `negotiate` of the plugin: the offered coding with the highest q (the earlier one on a tie).
pub fn negotiate_q(accept: Option<&str>, offered: &[Encoding]) -> Option<Encoding> {
  let accept = accept.filter(|a| !a.is_empty())?;
  let mut q: Vec<(String, f64)> = Vec::new();
  for item in accept.split(',') {
    let mut parts = item.split(';');
    let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    if name.is_empty() {
      continue;
    }
    let mut weight = 1.0;
    for param in parts {
      let mut kv = param.split('=');
      let k = kv.next().unwrap_or("");
      if k.trim().eq_ignore_ascii_case("q") {
        let parsed = kv.next().map_or(f64::NAN, js_number);
        weight = if parsed.is_finite() { parsed.clamp(0.0, 1.0) } else { 0.0 };
      }
    }
    let name = if name == "x-gzip" { "gzip".to_string() } else { name };
    match q.iter_mut().find(|(n, _)| *n == name) {
      Some(entry) => entry.1 = weight,
      None => q.push((name, weight)),
    }
  }
  let get = |n: &str| q.iter().find(|(k, _)| k == n).map(|(_, w)| *w);
  let wildcard = get("*");
  let mut best = None;
  let mut best_q = 0.0;
  for coding in offered {
    let name = match coding {
      Encoding::Br => "br",
      Encoding::Gzip => "gzip",
    };
    let weight = get(name).or(wildcard).unwrap_or(0.0);
    if weight > best_q {
      best = Some(*coding);
      best_q = weight;
    }
  }
  best
}

/// `mustStayAsIs` on headers: already encoded, a part (`content-range`), or `no-transform`.
fn must_stay(headers: &HeaderMap) -> bool {
  if headers.contains_key(http::header::CONTENT_ENCODING) || headers.contains_key(http::header::CONTENT_RANGE) {
    return true;
  }
  headers
    .get(http::header::CACHE_CONTROL)
    .is_some_and(|v| String::from_utf8_lossy(v.as_bytes()).split(',').any(|d| d.trim_matches(|c: char| c.is_whitespace()).eq_ignore_ascii_case("no-transform")))
}

/// `compressibleType` of the plugin, on the answer's first `content-type`.
fn compressible_type(headers: &HeaderMap) -> bool {
  let Some(ct) = headers.get(http::header::CONTENT_TYPE) else { return false };
  let ct = String::from_utf8_lossy(ct.as_bytes()).to_lowercase();
  ct.starts_with("text/") || ct.contains("json") || ct.contains("javascript") || ct.contains("xml") || ct.starts_with("image/svg") || ct.starts_with("application/wasm")
}

/// `varyOn` of the plugin: `token` added to the first `vary` (unless there, or `*`), or a new one.
pub fn vary_on(headers: &mut HeaderMap, token: &str) {
  let Some(first) = headers.get_mut(http::header::VARY) else {
    headers.append(http::header::VARY, HeaderValue::from_str(token).unwrap_or(HeaderValue::from_static("accept-encoding")));
    return;
  };
  let text = String::from_utf8_lossy(first.as_bytes()).into_owned();
  let has = text.split(',').map(|v| v.trim().to_lowercase()).any(|v| v == "*" || v == token.to_lowercase());
  if has {
    return;
  }
  let merged = if text.is_empty() { token.to_string() } else { format!("{text}, {token}") };
  // In place (the first `vary` keeps its position, as in the plugin's header list).
  if let Ok(merged) = HeaderValue::from_str(&merged) {
    *first = merged;
  }
}

/// Compresses a whole body with the form's settings.
pub fn compress_with(encoding: Encoding, settings: Settings, data: &[u8]) -> std::io::Result<Bytes> {
  let mut enc = Encoder::new(encoding, settings, data.len());
  let mut out = enc.write(data, false)?;
  out.extend_from_slice(&enc.finish()?);
  Ok(Bytes::from(out))
}

/// A streaming encoder: each chunk written is flushed out whole (server-sent events arrive as
/// written, as the plugin's `compressStream` does).
pub enum Encoder {
  Br(Box<brotli::CompressorWriter<Vec<u8>>>),
  Gzip(flate2::write::GzEncoder<Vec<u8>>),
}

impl Encoder {
  pub fn new(encoding: Encoding, settings: Settings, size_hint: usize) -> Self {
    match encoding {
      Encoding::Br => {
        let buffer = size_hint.clamp(4096, 64 * 1024);
        Encoder::Br(Box::new(brotli::CompressorWriter::new(Vec::with_capacity(size_hint / 3 + 64), buffer, settings.brotli_quality, 20)))
      }
      Encoding::Gzip => Encoder::Gzip(flate2::write::GzEncoder::new(Vec::with_capacity(size_hint / 3 + 64), flate2::Compression::new(settings.gzip_level))),
    }
  }

  /// Writes `data`; with `flush`, everything written so far comes out. Returns the output so far.
  pub fn write(&mut self, data: &[u8], flush: bool) -> std::io::Result<Vec<u8>> {
    match self {
      Encoder::Br(w) => {
        w.write_all(data)?;
        if flush {
          w.flush()?;
        }
        Ok(std::mem::take(w.get_mut()))
      }
      Encoder::Gzip(w) => {
        w.write_all(data)?;
        if flush {
          w.flush()?;
        }
        Ok(std::mem::take(w.get_mut()))
      }
    }
  }

  /// Ends the stream: the last bytes (brotli's last block, gzip's trailer).
  pub fn finish(&mut self) -> std::io::Result<Vec<u8>> {
    match self {
      Encoder::Br(w) => {
        let taken = std::mem::replace(w, Box::new(brotli::CompressorWriter::new(Vec::new(), 4096, 0, 10)));
        Ok(taken.into_inner())
      }
      Encoder::Gzip(w) => {
        w.try_finish()?;
        Ok(std::mem::take(w.get_mut()))
      }
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
  fn negotiates_like_the_plugin() {
    let both = [Encoding::Br, Encoding::Gzip];
    assert_eq!(negotiate_q(Some("gzip, br"), &both), Some(Encoding::Br));
    assert_eq!(negotiate_q(Some("gzip;q=1, br;q=0.5"), &both), Some(Encoding::Gzip));
    assert_eq!(negotiate_q(Some("br;q=0.5, gzip;q=0.5"), &[Encoding::Gzip, Encoding::Br]), Some(Encoding::Gzip));
    assert_eq!(negotiate_q(Some("*;q=0.2"), &both), Some(Encoding::Br));
    assert_eq!(negotiate_q(Some("*, br;q=0"), &both), Some(Encoding::Gzip));
    assert_eq!(negotiate_q(Some("x-gzip"), &both), Some(Encoding::Gzip));
    assert_eq!(negotiate_q(Some("br;q=abc, gzip;q"), &both), None);
    assert_eq!(negotiate_q(Some("br;q=0x1"), &both), Some(Encoding::Br));
    assert_eq!(negotiate_q(Some(""), &both), None);
  }

  #[test]
  fn vary_merges_into_the_first() {
    let mut h = HeaderMap::new();
    h.append("vary", HeaderValue::from_static("Origin"));
    vary_on(&mut h, "accept-encoding");
    assert_eq!(h["vary"], "Origin, accept-encoding");
    vary_on(&mut h, "accept-encoding");
    assert_eq!(h["vary"], "Origin, accept-encoding");
    let mut star = HeaderMap::new();
    star.append("vary", HeaderValue::from_static("*"));
    vary_on(&mut star, "accept-encoding");
    assert_eq!(star["vary"], "*");
  }

  #[test]
  fn streamed_chunks_decode_as_one() {
    let s = Settings { brotli_quality: 4, gzip_level: 4 };
    for enc in [Encoding::Br, Encoding::Gzip] {
      let mut e = Encoder::new(enc, s, 0);
      let mut packed = e.write(b"data: one\n\n", true).unwrap();
      assert!(!packed.is_empty(), "a flushed chunk comes out at once");
      packed.extend(e.write(b"data: two\n\n", true).unwrap());
      packed.extend(e.finish().unwrap());
      let mut out = Vec::new();
      match enc {
        Encoding::Br => brotli::Decompressor::new(&packed[..], 4096).read_to_end(&mut out).unwrap(),
        Encoding::Gzip => flate2::read::GzDecoder::new(&packed[..]).read_to_end(&mut out).unwrap(),
      };
      assert_eq!(out, b"data: one\n\ndata: two\n\n");
    }
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
