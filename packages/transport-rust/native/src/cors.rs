//! CORS preflights answered in Rust: the native form `cors` of @bolt/middleware's `cors()` plugin.
//! JavaScript sends the policy only when the plugin's hooks are the app's only app-wide hooks
//! (`src/native-forms.ts`), so the answer built here is the whole answer JS would give: the same
//! status, headers and order as `preflightAnswer` / `refusedPreflight` in the plugin. Actual
//! (non-preflight) answers keep getting their CORS headers from the plugin's onSend hook in JS.

use std::collections::HashSet;

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method, Response, StatusCode};

use crate::body::{Kind, ResBody};
use crate::config::CorsSpec;

const REQUEST_METHOD: &str = "access-control-request-method";
const REQUEST_HEADERS: &str = "access-control-request-headers";

/// The policy, with every fixed header value built once.
pub struct CorsPolicy {
  /// `origins: '*'`: every origin is allowed.
  any_origin: bool,
  origins: HashSet<Bytes>,
  credentials: bool,
  allow_methods: HeaderValue,
  allow_headers: Option<HeaderValue>,
  max_age: Option<HeaderValue>,
  expose_headers: Option<HeaderValue>,
}

/// A request header as JS reads it: repeated values joined with `, ` (as `batch.rs` sends them).
fn joined(headers: &HeaderMap, name: &str) -> Option<Bytes> {
  let mut values = headers.get_all(name).iter();
  let first = values.next()?;
  let mut out = first.as_bytes().to_vec();
  for v in values {
    out.extend_from_slice(b", ");
    out.extend_from_slice(v.as_bytes());
  }
  Some(Bytes::from(out))
}

impl CorsPolicy {
  /// None when a value cannot be a header value (core's policy never yields one).
  pub fn from_spec(spec: &CorsSpec) -> Option<Self> {
    let value = |s: &str| HeaderValue::from_str(s).ok();
    Some(Self {
      any_origin: spec.any_origin,
      origins: spec.origins.iter().map(|o| Bytes::from(o.clone())).collect(),
      credentials: spec.credentials,
      allow_methods: value(&spec.allow_methods)?,
      allow_headers: match &spec.allow_headers {
        Some(h) => Some(value(h)?),
        None => None,
      },
      max_age: match &spec.max_age {
        Some(m) => Some(value(m)?),
        None => None,
      },
      expose_headers: match &spec.expose_headers {
        Some(m) => Some(value(m)?),
        None => None,
      },
    })
  }

  /// The plugin's onSend hook on an actual (non-preflight) answer: the allow headers for an
  /// allowed origin, and `vary: Origin` when the answer depends on it.
  pub fn actual(&self, request: &HeaderMap, out: &mut HeaderMap) {
    let origin = joined(request, "origin");
    let allowed = origin.as_ref().is_some_and(|o| self.any_origin || self.origins.contains(o));
    let varies = !(self.any_origin && !self.credentials);
    if allowed {
      let origin = origin.unwrap_or_default();
      let allow_origin = if self.any_origin && !self.credentials {
        HeaderValue::from_static("*")
      } else {
        match HeaderValue::from_maybe_shared(origin) {
          Ok(v) => v,
          Err(_) => return,
        }
      };
      out.append("access-control-allow-origin", allow_origin);
      if self.credentials {
        out.append("access-control-allow-credentials", HeaderValue::from_static("true"));
      }
      if let Some(e) = &self.expose_headers {
        out.append("access-control-expose-headers", e.clone());
      }
    }
    if varies {
      crate::compress::vary_on(out, "Origin");
    }
  }

  /// The answer to a preflight (`OPTIONS` with `origin` and `access-control-request-method`),
  /// or None for any other request.
  pub fn preflight(&self, method: &Method, headers: &HeaderMap) -> Option<Response<ResBody>> {
    if method != Method::OPTIONS || !headers.contains_key(REQUEST_METHOD) {
      return None;
    }
    let origin = joined(headers, "origin")?;
    let mut out = HeaderMap::with_capacity(6);
    if self.any_origin || self.origins.contains(&origin) {
      // `*` cannot carry credentials: the origin is echoed then.
      let allow_origin = if self.any_origin && !self.credentials {
        HeaderValue::from_static("*")
      } else {
        HeaderValue::from_maybe_shared(origin).ok()?
      };
      out.append("access-control-allow-origin", allow_origin);
      if self.credentials {
        out.append("access-control-allow-credentials", HeaderValue::from_static("true"));
      }
      out.append("access-control-allow-methods", self.allow_methods.clone());
      let echoed = match &self.allow_headers {
        Some(h) => Some(h.clone()),
        None => joined(headers, REQUEST_HEADERS).and_then(|h| HeaderValue::from_maybe_shared(h).ok()),
      };
      // An empty list is no header at all, as in JS (an empty string is falsy there).
      if let Some(h) = echoed.filter(|h| !h.is_empty()) {
        out.append("access-control-allow-headers", h);
      }
      if let Some(m) = &self.max_age {
        out.append("access-control-max-age", m.clone());
      }
      let vary = if self.allow_headers.is_none() { "Origin, Access-Control-Request-Headers" } else { "Origin" };
      out.append(http::header::VARY, HeaderValue::from_static(vary));
    } else if !self.any_origin {
      out.append(http::header::VARY, HeaderValue::from_static("Origin"));
    }
    let mut res = Response::new(ResBody::new(Kind::Full(None)));
    *res.status_mut() = StatusCode::NO_CONTENT;
    *res.headers_mut() = out;
    Some(res)
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  fn policy(any: bool, credentials: bool, allow_headers: Option<&str>) -> CorsPolicy {
    CorsPolicy::from_spec(&CorsSpec {
      any_origin: any,
      origins: vec!["https://a.example".into()],
      credentials,
      allow_methods: "GET, PUT".into(),
      allow_headers: allow_headers.map(String::from),
      max_age: Some("600".into()),
      expose_headers: None,
    })
    .unwrap()
  }

  fn request(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
    let mut h = HeaderMap::new();
    for (n, v) in pairs {
      h.append(*n, HeaderValue::from_static(v));
    }
    h
  }

  fn flat(res: &Response<ResBody>) -> Vec<(String, String)> {
    res.headers().iter().map(|(n, v)| (n.to_string(), v.to_str().unwrap().to_string())).collect()
  }

  #[test]
  fn only_options_with_a_requested_method_and_an_origin_is_a_preflight() {
    let p = policy(false, false, None);
    let h = request(&[("origin", "https://a.example")]);
    assert!(p.preflight(&Method::OPTIONS, &h).is_none());
    let h = request(&[("access-control-request-method", "PUT")]);
    assert!(p.preflight(&Method::OPTIONS, &h).is_none());
    let h = request(&[("origin", "https://a.example"), ("access-control-request-method", "PUT")]);
    assert!(p.preflight(&Method::GET, &h).is_none());
    assert!(p.preflight(&Method::OPTIONS, &h).is_some());
  }

  #[test]
  fn allowed_origin_headers_in_the_plugin_order() {
    let p = policy(false, true, None);
    let h = request(&[
      ("origin", "https://a.example"),
      ("access-control-request-method", "PUT"),
      ("access-control-request-headers", "x-a"),
      ("access-control-request-headers", "x-b"),
    ]);
    let res = p.preflight(&Method::OPTIONS, &h).unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let want = [
      ("access-control-allow-origin", "https://a.example"),
      ("access-control-allow-credentials", "true"),
      ("access-control-allow-methods", "GET, PUT"),
      ("access-control-allow-headers", "x-a, x-b"),
      ("access-control-max-age", "600"),
      ("vary", "Origin, Access-Control-Request-Headers"),
    ];
    let want: Vec<(String, String)> = want.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect();
    assert_eq!(flat(&res), want);
  }

  #[test]
  fn refused_origin_gets_only_vary() {
    let p = policy(false, false, Some("x-a"));
    let h = request(&[("origin", "https://b.example"), ("access-control-request-method", "PUT")]);
    let res = p.preflight(&Method::OPTIONS, &h).unwrap();
    assert_eq!(flat(&res), vec![("vary".to_string(), "Origin".to_string())]);
  }

  #[test]
  fn any_origin_without_credentials_is_a_star() {
    let p = policy(true, false, Some("x-a"));
    let h = request(&[("origin", "https://z.example"), ("access-control-request-method", "PUT")]);
    let res = p.preflight(&Method::OPTIONS, &h).unwrap();
    assert_eq!(res.headers()["access-control-allow-origin"], "*");
    assert_eq!(res.headers()["vary"], "Origin");
  }
}
