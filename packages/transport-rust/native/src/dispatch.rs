//! What crosses the bridge. Requests do not travel one by one: Rust appends each to its worker's
//! batch (see `batch.rs`) and calls the JS dispatcher only to wake it when the batch was empty.
//! The dispatcher then takes the whole batch in one call, so one wake-up and one crossing serve
//! every request that arrived meanwhile. Answers come back through `WorkerPort::respond*` as a
//! [`Reply`].

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use napi::bindgen_prelude::JsValuesTupleIntoVec;
use napi::sys;

use crate::stream::StreamBody;

/// The only thing the threadsafe function carries: "there is a batch to take". No arguments.
pub struct Wake;

impl JsValuesTupleIntoVec for Wake {
  fn into_vec(self, _env: sys::napi_env) -> napi::Result<Vec<sys::napi_value>> {
    Ok(Vec::new())
  }
}

/// A handler's answer. Headers stay packed (`name\0value\0...`) until a tokio thread builds the
/// response, so the JS thread does not pay for parsing them.
pub struct Reply {
  pub status: StatusCode,
  pub headers: String,
  pub body: ReplyBody,
  /// JavaScript wants an `f` record when hyper is done with this response.
  pub notify: bool,
}

/// Parses packed headers; `None` on an invalid name or value. `content-length` is dropped for
/// byte bodies (hyper computes it) and kept for streams, where it announces the size.
pub fn parse_headers(packed: &str, keep_length: bool) -> Option<HeaderMap> {
  let mut map = HeaderMap::new();
  if packed.is_empty() {
    return Some(map);
  }
  let mut parts = packed.split('\0');
  while let Some(name) = parts.next() {
    let value = parts.next()?;
    let name = HeaderName::from_bytes(name.as_bytes()).ok()?;
    if name == http::header::CONTENT_LENGTH && !keep_length {
      continue;
    }
    map.append(name, HeaderValue::from_str(value).ok()?);
  }
  Some(map)
}

pub enum ReplyBody {
  Bytes(Bytes),
  Stream(StreamBody),
  /// A file's path: Rust opens and sends it (see `file.rs`).
  File(String),
  /// JS accepted a WebSocket upgrade: Rust answers 101 and drives the socket (see `ws.rs`).
  Upgrade(crate::ws::SocketParts),
}

#[cfg(test)]
mod tests {
  use super::parse_headers;

  #[test]
  fn parses_packed_headers_keeping_repeats_and_empty_values() {
    let map = parse_headers("set-cookie\0a=1\0content-length\05\0x-empty\0\0set-cookie\0b=2", false).unwrap();
    let cookies: Vec<_> = map.get_all("set-cookie").iter().map(|v| v.to_str().unwrap()).collect();
    assert_eq!(cookies, ["a=1", "b=2"]);
    assert_eq!(map.get("x-empty").unwrap(), "");
    assert!(map.get("content-length").is_none());
    assert_eq!(parse_headers("content-length\05", true).unwrap().get("content-length").unwrap(), "5");
    assert_eq!(parse_headers("", false).unwrap().len(), 0);
  }

  #[test]
  fn refuses_a_name_without_value_or_an_invalid_value() {
    assert!(parse_headers("x-a", false).is_none());
    assert!(parse_headers("x-a\0bad\rvalue", false).is_none());
    assert!(parse_headers("bad name\0v", false).is_none());
    assert!(parse_headers("x-a\0v\0", false).is_none());
  }
}
