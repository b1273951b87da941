//! A worker's batch of requests waiting to be taken by its JS thread, encoded as it is filled.
//!
//! The batch is one latin1 text of `\0`-terminated fields, record after record:
//! `route id bodyLen method path query param... headerCount name value ...` for a request
//! (`bodyLen` is `-` when there is no body) and `d id` for a drain event of stream `id`. Bodies are
//! appended to one byte buffer in record order. NUL cannot occur inside any field (hyper rejects
//! it in the request line and in header values), so JS reads a whole batch with one `split('\0')`.

use http::{HeaderMap, HeaderName, Method, Uri};
use matchit::Params;

#[derive(Default)]
pub struct Batch {
  pub head: Vec<u8>,
  pub bodies: Vec<u8>,
  /// Records in the batch.
  pub len: usize,
}

fn field(out: &mut Vec<u8>, bytes: &[u8]) {
  out.extend_from_slice(bytes);
  out.push(0);
}

fn number(out: &mut Vec<u8>, mut n: u64) {
  let mut digits = [0u8; 20];
  let mut i = digits.len();
  loop {
    i -= 1;
    digits[i] = b'0' + (n % 10) as u8;
    n /= 10;
    if n == 0 {
      break;
    }
  }
  field(out, &digits[i..]);
}

/// What one request contributes to a batch.
pub struct RequestRecord<'a> {
  pub route: u32,
  pub id: u32,
  pub method: &'a Method,
  pub uri: &'a Uri,
  pub params: &'a Params<'a, 'a>,
  pub headers: &'a HeaderMap,
  /// `None`: every header.
  pub names: Option<&'a [HeaderName]>,
  pub body: Option<&'a [u8]>,
}

impl Batch {
  pub fn push_request(&mut self, r: &RequestRecord<'_>) {
    self.len += 1;
    let out = &mut self.head;
    number(out, u64::from(r.route));
    number(out, u64::from(r.id));
    match r.body {
      Some(b) => {
        number(out, b.len() as u64);
        self.bodies.extend_from_slice(b);
      }
      None => field(out, b"-"),
    }
    field(out, r.method.as_str().as_bytes());
    field(out, r.uri.path().as_bytes());
    field(out, r.uri.query().unwrap_or("").as_bytes());
    for (_, value) in r.params.iter() {
      field(out, value.as_bytes());
    }
    match r.names {
      Some(names) => {
        number(out, names.iter().filter(|n| r.headers.contains_key(*n)).count() as u64);
        for name in names {
          push_header(out, name, r.headers);
        }
      }
      None => {
        number(out, r.headers.keys_len() as u64);
        for name in r.headers.keys() {
          push_header(out, name, r.headers);
        }
      }
    }
  }

  pub fn push_drain(&mut self, id: u32) {
    self.len += 1;
    field(&mut self.head, b"d");
    number(&mut self.head, u64::from(id));
  }
}

/// Appends `name \0 value \0` with repeated values joined (`, `, cookies `; `), if present.
fn push_header(out: &mut Vec<u8>, name: &HeaderName, headers: &HeaderMap) {
  let mut values = headers.get_all(name).iter();
  let Some(first) = values.next() else {
    return;
  };
  field(out, name.as_str().as_bytes());
  out.extend_from_slice(first.as_bytes());
  let sep: &[u8] = if name == http::header::COOKIE { b"; " } else { b", " };
  for v in values {
    out.extend_from_slice(sep);
    out.extend_from_slice(v.as_bytes());
  }
  out.push(0);
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn encodes_requests_and_drain_events() {
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
    let mut batch = Batch::default();
    batch.push_request(&RequestRecord {
      route: 3,
      id: 17,
      method: &Method::PUT,
      uri: &uri,
      params: &m.params,
      headers: &h,
      names: Some(&names),
      body: Some(b"{}"),
    });
    batch.push_drain(9);
    assert_eq!(
      String::from_utf8(batch.head).unwrap(),
      "3\x0017\x002\0PUT\0/items/42\0q=a\x0042\x002\0x-a\x001, 2\0cookie\0a=1; b=2\0d\x009\0"
    );
    assert_eq!(batch.bodies, b"{}");
  }
}
