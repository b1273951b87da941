//! A worker's batch of records waiting to be taken by its JS thread, encoded as it is filled.
//!
//! The batch is one latin1 text of `\0`-terminated fields, record after record (layout
//! [`crate::config::BRIDGE_LAYOUT`]):
//! - a request: `route id bodyLen method path query remote headers param...`; `route` is the
//!   route index, or `*` for a request no route matched (JS hands it to `app.handle`, which then
//!   carries no params); `bodyLen` is `-` when there is no body; `remote` is the peer address;
//!   `headers` is every request header as `name:value` lines joined by `\n` (repeated names
//!   joined with `, `, cookies with `; `), parsed by JS only when a handler reads a header.
//!   A `bodyLen` prefixed `j<n>:` says the first `n` bytes in the bodies are the claims (JSON)
//!   of a token Rust verified (native form `jwt`, `RawRequest.native.jwt`), the body after them.
//!   A `bodyLen` of `m` + length marks bytes that are not the body but the `NativeMultipart`
//!   JSON Rust parsed it into (`multipart.rs`).
//! - `d id`: stream `id` has drained, its writer may go on.
//! - `f id aborted`: the response to request `id` was handed whole to hyper (`0`), or the
//!   client went away first (`1`); sent only for responses that asked for it.
//! - WebSocket `id` (the id of the request that upgraded, open from the moment JS accepted it),
//!   see `ws.rs`: `m id len` a text message and `b id len` a binary one, the message in the
//!   bodies; `w id` its queued output was flushed after `send` reported back-pressure;
//!   `c id code len` the socket ended (also when the client left before the handshake was
//!   written), its close reason (UTF-8) in the bodies.
//!
//! Bodies are appended to one byte buffer in record order. NUL, CR and LF cannot occur inside any
//! field (hyper rejects them in the request line and in header values), so JS reads a whole
//! batch with one `split('\0')` and a header block with `split('\n')`.

use http::{HeaderMap, Method, Uri};
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
  /// `None`: no route matched; JS answers through `app.handle`.
  pub route: Option<u32>,
  pub id: u32,
  pub method: &'a Method,
  pub uri: &'a Uri,
  pub params: Option<&'a Params<'a, 'a>>,
  pub remote: &'a str,
  pub headers: &'a HeaderMap,
  pub body: Option<&'a [u8]>,
  /// Claims of a token verified in Rust (`forms.rs`).
  pub claims: Option<&'a [u8]>,
  /// `body` is a `NativeMultipart` record.
  pub multipart: bool,
}

impl Batch {
  pub fn push_request(&mut self, r: &RequestRecord<'_>) {
    self.len += 1;
    let out = &mut self.head;
    match r.route {
      Some(index) => number(out, u64::from(index)),
      None => field(out, b"*"),
    }
    number(out, u64::from(r.id));
    if let Some(claims) = r.claims {
      out.push(b'j');
      out.extend_from_slice(claims.len().to_string().as_bytes());
      out.push(b':');
      self.bodies.extend_from_slice(claims);
    }
    match r.body {
      Some(b) => {
        if r.multipart {
          out.push(b'm');
        }
        number(out, b.len() as u64);
        self.bodies.extend_from_slice(b);
      }
      None => field(out, b"-"),
    }
    field(out, r.method.as_str().as_bytes());
    field(out, r.uri.path().as_bytes());
    field(out, r.uri.query().unwrap_or("").as_bytes());
    field(out, r.remote.as_bytes());
    push_headers(out, r.headers);
    if let Some(params) = r.params {
      for (_, value) in params.iter() {
        field(out, value.as_bytes());
      }
    }
  }

  pub fn push_drain(&mut self, id: u32) {
    self.len += 1;
    field(&mut self.head, b"d");
    number(&mut self.head, u64::from(id));
  }

  pub fn push_ws_message(&mut self, id: u32, data: &[u8], binary: bool) {
    self.len += 1;
    field(&mut self.head, if binary { b"b" } else { b"m" });
    number(&mut self.head, u64::from(id));
    number(&mut self.head, data.len() as u64);
    self.bodies.extend_from_slice(data);
  }

  pub fn push_ws_drain(&mut self, id: u32) {
    self.len += 1;
    field(&mut self.head, b"w");
    number(&mut self.head, u64::from(id));
  }

  pub fn push_ws_closed(&mut self, id: u32, code: u16, reason: &str) {
    self.len += 1;
    field(&mut self.head, b"c");
    number(&mut self.head, u64::from(id));
    number(&mut self.head, u64::from(code));
    number(&mut self.head, reason.len() as u64);
    self.bodies.extend_from_slice(reason.as_bytes());
  }

  pub fn push_finished(&mut self, id: u32, aborted: bool) {
    self.len += 1;
    field(&mut self.head, b"f");
    number(&mut self.head, u64::from(id));
    field(&mut self.head, if aborted { b"1" } else { b"0" });
  }
}

/// Appends every header as one field: `name:value` lines, a repeated name's values joined on its
/// line. `HeaderMap::iter` yields a name's values one after the other, so one pass suffices.
fn push_headers(out: &mut Vec<u8>, headers: &HeaderMap) {
  let mut last: Option<&http::HeaderName> = None;
  for (name, value) in headers.iter() {
    if last == Some(name) {
      out.extend_from_slice(if name == http::header::COOKIE { b"; " } else { b", " });
    } else {
      if last.is_some() {
        out.push(b'\n');
      }
      out.extend_from_slice(name.as_str().as_bytes());
      out.push(b':');
      last = Some(name);
    }
    out.extend_from_slice(value.as_bytes());
  }
  out.push(0);
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn encodes_requests_drain_and_finished_events() {
    let mut router = matchit::Router::new();
    router.insert("/items/{id}", ()).unwrap();
    let m = router.at("/items/42").unwrap();
    let uri: Uri = "/items/42?q=a".parse().unwrap();
    let mut h = HeaderMap::new();
    h.append("x-a", "1".parse().unwrap());
    h.append("cookie", "a=1".parse().unwrap());
    h.append("x-a", "2".parse().unwrap());
    h.append("cookie", "b=2".parse().unwrap());
    h.append("x-b", "c:d".parse().unwrap());
    let mut batch = Batch::default();
    batch.push_request(&RequestRecord {
      route: Some(3),
      id: 17,
      method: &Method::PUT,
      uri: &uri,
      params: Some(&m.params),
      remote: "127.0.0.1",
      headers: &h,
      body: Some(b"{}"),
      claims: Some(b"{\"sub\":1}"),
      multipart: false,
    });
    batch.push_request(&RequestRecord {
      route: None,
      id: 18,
      method: &Method::GET,
      uri: &uri,
      params: None,
      remote: "::1",
      headers: &HeaderMap::new(),
      body: None,
      claims: None,
      multipart: false,
    });
    batch.push_request(&RequestRecord {
      route: Some(0),
      id: 19,
      method: &Method::POST,
      uri: &uri,
      params: None,
      remote: "::1",
      headers: &HeaderMap::new(),
      body: Some(b"{\"ok\":true}"),
      multipart: true,
      claims: None,
    });
    batch.push_drain(9);
    batch.push_finished(17, true);
    batch.push_ws_message(18, "h\u{e9}".as_bytes(), false);
    batch.push_ws_message(18, &[0, 1], true);
    batch.push_ws_drain(18);
    batch.push_ws_closed(18, 1001, "bye");
    assert_eq!(
      String::from_utf8(batch.head).unwrap(),
      "3\x0017\0j9:2\0PUT\0/items/42\0q=a\0127.0.0.1\0x-a:1, 2\ncookie:a=1; b=2\nx-b:c:d\x0042\0\
       *\x0018\0-\0GET\0/items/42\0q=a\0::1\0\0\
       0\x0019\0m11\0POST\0/items/42\0q=a\0::1\0\0\
       d\x009\0f\x0017\x001\0\
       m\x0018\x003\0b\x0018\x002\0w\x0018\0c\x0018\x001001\x003\0"
    );
    assert_eq!(batch.bodies, b"{\"sub\":1}{}{\"ok\":true}h\xc3\xa9\x00\x01bye");
    assert_eq!(batch.len, 9);
  }
}
