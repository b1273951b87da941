//! Packs what a route needs from a request into one latin1 string for the JS dispatcher:
//! `method \0 path \0 query \0 param... \0 name \0 value \0 name \0 value`.
//! NUL cannot occur in any of these (hyper rejects it in the request line and in header values),
//! so it is a safe separator, and JS splits the whole thing with one `split('\0')`.

use http::{HeaderMap, HeaderName, Method, Uri};
use matchit::Params;

/// Builds the packed head. Repeated headers are joined with `, `, cookies with `; `.
pub fn pack(method: &Method, uri: &Uri, params: &Params<'_, '_>, headers: &HeaderMap, names: Option<&[HeaderName]>) -> Vec<u8> {
  let mut out = Vec::with_capacity(64 + uri.path().len());
  out.extend_from_slice(method.as_str().as_bytes());
  out.push(0);
  out.extend_from_slice(uri.path().as_bytes());
  out.push(0);
  out.extend_from_slice(uri.query().unwrap_or("").as_bytes());
  for (_, value) in params.iter() {
    out.push(0);
    out.extend_from_slice(value.as_bytes());
  }
  match names {
    Some(names) => {
      for name in names {
        push_header(&mut out, name, headers);
      }
    }
    None => {
      for name in headers.keys() {
        push_header(&mut out, name, headers);
      }
    }
  }
  out
}

fn push_header(out: &mut Vec<u8>, name: &HeaderName, headers: &HeaderMap) {
  let mut values = headers.get_all(name).iter();
  let Some(first) = values.next() else {
    return;
  };
  out.push(0);
  out.extend_from_slice(name.as_str().as_bytes());
  out.push(0);
  out.extend_from_slice(first.as_bytes());
  let sep: &[u8] = if name == http::header::COOKIE { b"; " } else { b", " };
  for v in values {
    out.extend_from_slice(sep);
    out.extend_from_slice(v.as_bytes());
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn packs_params_and_only_the_named_headers() {
    let mut router = matchit::Router::new();
    router.insert("/items/{id}", ()).unwrap();
    let m = router.at("/items/42").unwrap();
    let uri: Uri = "/items/42?q=a".parse().unwrap();
    let mut h = HeaderMap::new();
    h.append("x-a", "1".parse().unwrap());
    h.append("x-a", "2".parse().unwrap());
    h.append("cookie", "a=1".parse().unwrap());
    h.append("cookie", "b=2".parse().unwrap());
    h.append("x-skip", "no".parse().unwrap());
    let names = [HeaderName::from_static("x-a"), HeaderName::from_static("cookie"), HeaderName::from_static("x-missing")];
    let packed = pack(&Method::GET, &uri, &m.params, &h, Some(&names));
    assert_eq!(packed, b"GET\0/items/42\0q=a\x0042\0x-a\x001, 2\0cookie\0a=1; b=2".to_vec());
  }
}
