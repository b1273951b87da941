//! Responses Rust answers on its own (400, 404, 405, 408, 413, 414, 431, 500, 503, OPTIONS), with the exact
//! status, headers and body Bolt's core produces, handed over from JavaScript at startup.

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};

use crate::body::ResBody;
use crate::config::FixedResponseSpec;

/// A response replayed as is. Cloning it clones reference-counted bytes only.
#[derive(Clone, Debug)]
pub struct FixedResponse {
  pub status: StatusCode,
  pub headers: HeaderMap,
  pub body: Bytes,
}

impl FixedResponse {
  /// Builds from Bolt's spec; invalid names or values are dropped (they cannot come from core).
  pub fn from_spec(spec: &FixedResponseSpec) -> Self {
    let status = u16::try_from(spec.status)
      .ok()
      .and_then(|s| StatusCode::from_u16(s).ok())
      .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut headers = HeaderMap::with_capacity(spec.headers.len() / 2);
    for pair in spec.headers.chunks_exact(2) {
      if let (Ok(n), Ok(v)) = (
        HeaderName::from_bytes(pair[0].as_bytes()),
        HeaderValue::from_str(&pair[1]),
      ) {
        if n != http::header::CONTENT_LENGTH {
          headers.append(n, v);
        }
      }
    }
    Self { status, headers, body: Bytes::from(spec.body.clone()) }
  }

  /// A plain fallback used only when JS did not hand over a body for `status`.
  pub fn bare(status: StatusCode) -> Self {
    let mut headers = HeaderMap::new();
    headers.insert(http::header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    let reason = status.canonical_reason().unwrap_or("Error");
    Self { status, headers, body: Bytes::from(format!("{{\"detail\":\"{reason}\"}}")) }
  }

  /// The response, with `connection: close` when the rest of the request must not be read.
  pub fn to_response(&self, close: bool) -> http::Response<ResBody> {
    let mut res = http::Response::new(ResBody::full(self.body.clone()));
    *res.status_mut() = self.status;
    *res.headers_mut() = self.headers.clone();
    if close {
      res.headers_mut().insert(http::header::CONNECTION, HeaderValue::from_static("close"));
    }
    res
  }
}

/// The fixed answers a server holds, one per status Rust decides alone.
#[derive(Clone, Debug)]
pub struct FixedSet {
  pub bad_request: FixedResponse,
  pub not_found: FixedResponse,
  pub request_timeout: FixedResponse,
  pub uri_too_long: FixedResponse,
  pub payload_too_large: FixedResponse,
  pub headers_too_large: FixedResponse,
  pub internal_error: FixedResponse,
  pub unavailable: FixedResponse,
}

impl FixedSet {
  pub fn from_specs(specs: &[FixedResponseSpec]) -> Self {
    let pick = |status: StatusCode| {
      specs
        .iter()
        .find(|s| s.status == u32::from(status.as_u16()))
        .map(FixedResponse::from_spec)
        .unwrap_or_else(|| FixedResponse::bare(status))
    };
    Self {
      bad_request: pick(StatusCode::BAD_REQUEST),
      not_found: pick(StatusCode::NOT_FOUND),
      request_timeout: pick(StatusCode::REQUEST_TIMEOUT),
      uri_too_long: pick(StatusCode::URI_TOO_LONG),
      payload_too_large: pick(StatusCode::PAYLOAD_TOO_LARGE),
      headers_too_large: pick(StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE),
      internal_error: pick(StatusCode::INTERNAL_SERVER_ERROR),
      unavailable: pick(StatusCode::SERVICE_UNAVAILABLE),
    }
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn falls_back_to_a_json_detail_body() {
    let set = FixedSet::from_specs(&[]);
    assert_eq!(set.not_found.body, Bytes::from_static(b"{\"detail\":\"Not Found\"}"));
  }

  #[test]
  fn drops_content_length_from_specs() {
    let spec = FixedResponseSpec {
      status: 404,
      headers: vec!["content-length".into(), "3".into(), "content-type".into(), "application/json".into()],
      body: "{}".into(),
    };
    let r = FixedResponse::from_spec(&spec);
    assert!(r.headers.get("content-length").is_none());
    assert_eq!(r.headers.len(), 1);
  }
}
