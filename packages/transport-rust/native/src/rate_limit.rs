//! In-memory rate limits counted in Rust: the native form `rate-limit` of @bolt/middleware's
//! `rateLimit()` with its memory store. Counting is the plugin's, step for step (`MemoryStore.hit`
//! and `decide` in `rate-limit/index.ts`): aligned windows of `windowMs`, the previous window's
//! count kept for the sliding algorithm, the same arithmetic in f64, so the same request is the
//! first refused and the headers carry the same numbers. The 429 is the app's error answer for
//! 429 with the plugin's headers; a counted request that passes gets the `ratelimit-*` headers
//! the plugin's onSend hook would add.

use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

use http::{HeaderMap, HeaderName, HeaderValue};
use parking_lot::Mutex;

use crate::config::RateLimitSpec;
use crate::fixed::FixedResponse;

struct Entry {
  window: f64,
  current: f64,
  previous: f64,
}

pub struct Limiter {
  limit: f64,
  window_ms: f64,
  sliding: bool,
  /// `None`: the client address; else a request header (lower-case).
  header: Option<HeaderName>,
  send_headers: bool,
  limit_value: HeaderValue,
  policy: HeaderValue,
  refused: FixedResponse,
  counts: Mutex<Counts>,
}

#[derive(Default)]
struct Counts {
  entries: HashMap<Box<[u8]>, Entry>,
  /// Window of the last sweep: entries older than the previous window go once per window.
  swept: f64,
}

/// A decision: refused with this answer, or passed with the headers to add (none when the
/// request was not counted or the plugin sends no headers).
pub enum Decision {
  Refused(http::Response<crate::body::ResBody>),
  Passed(Vec<(HeaderName, HeaderValue)>),
}

fn now_ms() -> f64 {
  SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as f64).unwrap_or(0.0)
}

impl Limiter {
  pub fn from_spec(spec: &RateLimitSpec) -> Result<Self, String> {
    let header = match &spec.header {
      Some(name) => Some(HeaderName::from_bytes(name.as_bytes()).map_err(|e| format!("rate-limit: header {name}: {e}"))?),
      None => None,
    };
    let value = |s: &str| HeaderValue::from_str(s).map_err(|e| format!("rate-limit: {s}: {e}"));
    Ok(Self {
      limit: spec.limit,
      window_ms: spec.window_ms,
      sliding: spec.sliding,
      header,
      send_headers: spec.send_headers,
      limit_value: value(&format_number(spec.limit))?,
      policy: value(&spec.policy)?,
      refused: FixedResponse::from_spec(&spec.refused),
      counts: Mutex::default(),
    })
  }

  /// The key JS reads: the client address, or the header's value as JS sees it (joined with `, `).
  fn key(&self, headers: &HeaderMap, remote: &str) -> Option<Vec<u8>> {
    let Some(name) = &self.header else { return Some(remote.as_bytes().to_vec()) };
    let mut values = headers.get_all(name).iter();
    let mut key = values.next()?.as_bytes().to_vec();
    for v in values {
      key.extend_from_slice(if name == http::header::COOKIE { b"; " } else { b", " });
      key.extend_from_slice(v.as_bytes());
    }
    Some(key)
  }

  pub fn check(&self, headers: &HeaderMap, remote: &str) -> Decision {
    let Some(key) = self.key(headers, remote) else { return Decision::Passed(Vec::new()) };
    self.hit(key, now_ms())
  }

  fn hit(&self, key: Vec<u8>, now: f64) -> Decision {
    let window = (now / self.window_ms).floor();
    let (current, previous) = {
      let mut counts = self.counts.lock();
      if counts.swept < window {
        counts.entries.retain(|_, e| e.window >= window - 1.0);
        counts.swept = window;
      }
      let entry = counts.entries.entry(key.into_boxed_slice()).or_insert(Entry { window, current: 0.0, previous: 0.0 });
      if entry.window != window {
        entry.previous = if entry.window == window - 1.0 { entry.current } else { 0.0 };
        entry.current = 0.0;
        entry.window = window;
      }
      entry.current += 1.0;
      (entry.current, entry.previous)
    };
    let elapsed = (now - window * self.window_ms) / self.window_ms;
    let count = if self.sliding { current + previous * (1.0 - elapsed) } else { current };
    let remaining = (self.limit - count).floor().max(0.0);
    let reset = (((window + 1.0) * self.window_ms - now) / 1000.0).ceil().max(1.0);
    let number = |n: f64| HeaderValue::from_str(&format_number(n)).unwrap_or(HeaderValue::from_static("0"));
    let pairs = |reset: &HeaderValue| {
      vec![
        (HeaderName::from_static("ratelimit-limit"), self.limit_value.clone()),
        (HeaderName::from_static("ratelimit-remaining"), number(remaining)),
        (HeaderName::from_static("ratelimit-reset"), reset.clone()),
        (HeaderName::from_static("ratelimit-policy"), self.policy.clone()),
      ]
    };
    let reset = number(reset);
    if count > self.limit {
      let mut res = self.refused.to_response(false);
      let h = res.headers_mut();
      h.append(HeaderName::from_static("retry-after"), reset.clone());
      for (n, v) in pairs(&reset) {
        h.append(n, v);
      }
      return Decision::Refused(res);
    }
    Decision::Passed(if self.send_headers { pairs(&reset) } else { Vec::new() })
  }
}

/// A whole number as JS's `String(n)` writes it.
fn format_number(n: f64) -> String {
  if n.fract() == 0.0 && n.abs() < 1e21 {
    format!("{}", n as i64)
  } else {
    format!("{n}")
  }
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::config::FixedResponseSpec;

  fn limiter(sliding: bool) -> Limiter {
    Limiter::from_spec(&RateLimitSpec {
      limit: 2.0,
      window_ms: 1000.0,
      sliding,
      header: None,
      send_headers: true,
      policy: "2;w=1".into(),
      refused: FixedResponseSpec { status: 429, headers: vec!["content-type".into(), "application/json".into()], body: "{}".into() },
    })
    .unwrap()
  }

  fn remaining(d: &Decision) -> Option<String> {
    match d {
      Decision::Passed(h) => h.iter().find(|(n, _)| n == "ratelimit-remaining").map(|(_, v)| v.to_str().unwrap().to_string()),
      Decision::Refused(_) => None,
    }
  }

  #[test]
  fn fixed_window_refuses_the_third_and_resets() {
    let l = limiter(false);
    assert_eq!(remaining(&l.hit(b"a".to_vec(), 10_100.0)).as_deref(), Some("1"));
    assert_eq!(remaining(&l.hit(b"a".to_vec(), 10_200.0)).as_deref(), Some("0"));
    match l.hit(b"a".to_vec(), 10_300.0) {
      Decision::Refused(res) => {
        assert_eq!(res.status(), 429);
        let names: Vec<_> = res.headers().keys().map(|n| n.as_str()).collect();
        assert_eq!(names, ["content-type", "retry-after", "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset", "ratelimit-policy"]);
        assert_eq!(res.headers()["retry-after"], "1");
      }
      Decision::Passed(_) => panic!("the third hit passed"),
    }
    assert_eq!(remaining(&l.hit(b"b".to_vec(), 10_300.0)).as_deref(), Some("1"));
    assert_eq!(remaining(&l.hit(b"a".to_vec(), 11_000.0)).as_deref(), Some("1"));
  }

  #[test]
  fn sliding_window_weighs_the_previous_one() {
    let l = limiter(true);
    l.hit(b"a".to_vec(), 10_000.0);
    l.hit(b"a".to_vec(), 10_000.0);
    // 0.25 into the next window: 1 + 2 * 0.75 = 2.5 > 2.
    assert!(matches!(l.hit(b"a".to_vec(), 11_250.0), Decision::Refused(_)));
    assert_eq!(format_number(5.0), "5");
  }
}
