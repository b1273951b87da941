//! The app-wide "decorating" hooks Rust reproduces on the answers it gives itself (a CORS
//! preflight): core's `requestId` (`x-request-id`, the client's sane id echoed, else one
//! generated as core does), @bolt/middleware's `securityHeaders()` (its static lists) and
//! `cors()` (the headers of an actual answer). JavaScript sends them, in the order of the root's
//! onSend hooks, only when every root onSend hook is one of these (`src/native-decorations.ts`),
//! so the answer built here is the whole answer JS would give.

use std::sync::atomic::{AtomicU64, Ordering};

use base64::Engine;
use http::{HeaderMap, HeaderName, HeaderValue, Response};

use crate::body::ResBody;
use crate::config::DecorationSpec;
use crate::cors::CorsPolicy;

enum Step {
  RequestId(HeaderName),
  Cors,
  Security { always: Vec<(HeaderName, HeaderValue)>, html: Vec<(HeaderName, HeaderValue)> },
}

pub struct Decorations {
  steps: Vec<Step>,
  /// Generated ids: a per-process random prefix and a counter, as core's `requestIdFrom`.
  prefix: String,
  counter: AtomicU64,
}

fn pairs(flat: &[String], what: &str) -> Result<Vec<(HeaderName, HeaderValue)>, String> {
  flat
    .chunks_exact(2)
    .map(|p| {
      let n = HeaderName::from_bytes(p[0].as_bytes()).map_err(|e| format!("{what}: {}: {e}", p[0]))?;
      let v = HeaderValue::from_str(&p[1]).map_err(|e| format!("{what}: {}: {e}", p[0]))?;
      Ok((n, v))
    })
    .collect()
}

/// Six random bytes from the standard library's per-process hasher keys (no extra crate).
fn random_prefix() -> String {
  use std::hash::{BuildHasher, Hasher};
  let mut h = std::collections::hash_map::RandomState::new().build_hasher();
  h.write_u64(std::process::id().into());
  let bytes = h.finish().to_le_bytes();
  base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&bytes[..6])
}

/// core's `SANE`: `^[A-Za-z0-9._:@/+=-]{1,128}$`.
fn sane(id: &[u8]) -> bool {
  !id.is_empty() && id.len() <= 128 && id.iter().all(|b| b.is_ascii_alphanumeric() || b"._:@/+=-".contains(b))
}

/// A whole number in base 36, as JavaScript's `n.toString(36)`.
fn base36(mut n: u64) -> String {
  let digits = b"0123456789abcdefghijklmnopqrstuvwxyz";
  let mut out = Vec::new();
  loop {
    out.push(digits[(n % 36) as usize]);
    n /= 36;
    if n == 0 {
      break;
    }
  }
  out.reverse();
  String::from_utf8(out).unwrap_or_default()
}

impl Decorations {
  pub fn from_specs(specs: &[DecorationSpec]) -> Result<Self, String> {
    let mut steps = Vec::with_capacity(specs.len());
    for spec in specs {
      steps.push(match (&spec.request_id, spec.cors, &spec.security_always) {
        (Some(name), None, None) => Step::RequestId(HeaderName::from_bytes(name.as_bytes()).map_err(|e| format!("request-id: {name}: {e}"))?),
        (None, Some(true), None) => Step::Cors,
        (None, None, Some(always)) => Step::Security {
          always: pairs(always, "security-headers")?,
          html: pairs(spec.security_html.as_deref().unwrap_or_default(), "security-headers")?,
        },
        _ => return Err("a decoration must be exactly one of requestId, cors or securityAlways".into()),
      });
    }
    Ok(Self { steps, prefix: random_prefix(), counter: AtomicU64::new(0) })
  }

  fn request_id(&self, request: &HeaderMap) -> HeaderValue {
    let mut values = request.get_all("x-request-id").iter();
    if let (Some(v), None) = (values.next(), values.next()) {
      if sane(v.as_bytes()) {
        return v.clone();
      }
    }
    let n = self.counter.fetch_add(1, Ordering::Relaxed) + 1;
    HeaderValue::from_str(&format!("{}-{}", self.prefix, base36(n))).unwrap_or(HeaderValue::from_static("-"))
  }

  /// Runs the steps on `res`, an answer Rust gave to `request` (`preflight`: a CORS preflight,
  /// which the cors plugin's onSend hook leaves alone).
  pub fn apply(&self, cors: Option<&CorsPolicy>, request: &HeaderMap, preflight: bool, res: &mut Response<ResBody>) {
    for step in &self.steps {
      match step {
        Step::RequestId(name) => {
          let id = self.request_id(request);
          res.headers_mut().append(name.clone(), id);
        }
        Step::Cors => {
          if let (Some(policy), false) = (cors, preflight) {
            policy.actual(request, res.headers_mut());
          }
        }
        Step::Security { always, html } => {
          let is_html = res
            .headers()
            .get(http::header::CONTENT_TYPE)
            .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
          let headers = res.headers_mut();
          // Decided on the headers before this step, as the plugin's `missing` does.
          let had: Vec<bool> = always.iter().chain(if is_html { html.iter() } else { [].iter() }).map(|(n, _)| headers.contains_key(n)).collect();
          let list = always.iter().chain(if is_html { html.iter() } else { [].iter() });
          for ((n, v), had) in list.zip(had) {
            if !had {
              headers.append(n.clone(), v.clone());
            }
          }
        }
      }
    }
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn ids_like_core() {
    assert!(sane(b"abc-1.2:3@4/5+6=7"));
    assert!(!sane(b"a b"));
    assert!(!sane(b""));
    assert!(!sane(&[b'a'; 129]));
    assert_eq!(base36(0), "0");
    assert_eq!(base36(35), "z");
    assert_eq!(base36(36), "10");
    let d = Decorations::from_specs(&[DecorationSpec { request_id: Some("x-request-id".into()), cors: None, security_always: None, security_html: None }]).unwrap();
    let mut h = HeaderMap::new();
    h.append("x-request-id", HeaderValue::from_static("given-1"));
    assert_eq!(d.request_id(&h), "given-1");
    h.append("x-request-id", HeaderValue::from_static("given-2"));
    let generated = d.request_id(&h);
    assert!(generated.to_str().unwrap().ends_with("-1"), "{generated:?}");
    assert_eq!(generated.len(), 8 + 2);
  }
}
