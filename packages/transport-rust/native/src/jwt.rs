//! Bearer tokens verified in Rust: the native form `jwt` of @bolt/auth's `protect()` plugin.
//!
//! The checks and their order are those of the JS verifier (jose 6 under @bolt/auth's
//! `jwtVerifier`), so a refused token names the same check, and Rust answers it with the very
//! record JS would send (`answers[check]` of the form's config). The signature is checked with the
//! `jsonwebtoken` crate; the structure, the algorithm pin and the claims are checked here, in
//! jose's order: header, `alg` against the pinned list, signature, payload, then presence of
//! `iss`/`aud`/`iat`/required claims, `iss`, `aud`, `iat`/`nbf` types, `nbf`, `exp`, maximum age,
//! and last Bolt's own "issued in the future" check. A JWKS-keyed scheme is not sent here (see
//! `src/native-plan.ts`): JavaScript keeps verifying those.

use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::alphabet;
use base64::engine::{DecodePaddingMode, Engine, GeneralPurpose, GeneralPurposeConfig};
use http::HeaderMap;
use jsonwebtoken::{Algorithm, DecodingKey};
use serde_json::{Map, Value};

use crate::config::JwtSpec;
use crate::fixed::FixedResponse;

/// `atob` as jose uses it on Node 20: padding optional, trailing bits ignored.
const LENIENT: GeneralPurpose = GeneralPurpose::new(
  &alphabet::STANDARD,
  GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent).with_decode_allow_trailing_bits(true),
);

/// jose's base64url decoding: `+` and `/` refused, `-`/`_` mapped, then `atob`.
fn b64url(input: &str) -> Option<Vec<u8>> {
  if input.contains('+') || input.contains('/') {
    return None;
  }
  let mapped: String = input.chars().map(|c| match c { '-' => '+', '_' => '/', c => c }).collect();
  LENIENT.decode(mapped).ok()
}

/// What a check decided: the claims (the payload's JSON text) or the name of the failed check.
pub type Verdict = Result<Vec<u8>, String>;

pub struct JwtCheck {
  algorithms: Vec<(String, Algorithm)>,
  keys: Vec<(Algorithm, DecodingKey)>,
  issuer: Option<Vec<String>>,
  audience: Option<Vec<String>>,
  leeway: f64,
  max_age: Option<f64>,
  required: Vec<String>,
  answers: HashMap<String, FixedResponse>,
}

fn algorithm(name: &str) -> Option<Algorithm> {
  Some(match name {
    "HS256" => Algorithm::HS256,
    "HS384" => Algorithm::HS384,
    "HS512" => Algorithm::HS512,
    "RS256" => Algorithm::RS256,
    "ES256" => Algorithm::ES256,
    "EdDSA" => Algorithm::EdDSA,
    _ => return None,
  })
}

impl JwtCheck {
  /// Fails when the spec names an algorithm or a key this side cannot use.
  pub fn from_spec(spec: &JwtSpec) -> Result<Self, String> {
    let mut algorithms = Vec::new();
    let mut keys = Vec::new();
    for name in &spec.algorithms {
      let alg = algorithm(name).ok_or_else(|| format!("jwt: algorithm {name} is not supported natively"))?;
      let key = match (&spec.secret_base64, &spec.pem) {
        (Some(secret), None) => DecodingKey::from_base64_secret(secret).map_err(|e| format!("jwt: secret: {e}"))?,
        (None, Some(pem)) => match alg {
          Algorithm::RS256 => DecodingKey::from_rsa_pem(pem.as_bytes()),
          Algorithm::ES256 => DecodingKey::from_ec_pem(pem.as_bytes()),
          Algorithm::EdDSA => DecodingKey::from_ed_pem(pem.as_bytes()),
          _ => return Err(format!("jwt: {name} needs a secret")),
        }
        .map_err(|e| format!("jwt: public key: {e}"))?,
        _ => return Err("jwt: the key is neither a secret nor a PEM".into()),
      };
      algorithms.push((name.clone(), alg));
      keys.push((alg, key));
    }
    let answers = spec.answers.iter().map(|a| (a.check.clone(), FixedResponse::from_spec(&a.answer))).collect();
    Ok(Self {
      algorithms,
      keys,
      issuer: spec.issuer.clone(),
      audience: spec.audience.clone(),
      leeway: spec.leeway_sec,
      max_age: spec.max_age_sec,
      required: spec.required_claims.clone(),
      answers,
    })
  }

  /// The answer JS gives for `check` (the form's table has one per check).
  pub fn answer(&self, check: &str) -> Option<&FixedResponse> {
    self.answers.get(check)
  }

  /// Reads the `Authorization` header as @bolt/auth's `bearerToken` does, then verifies.
  pub fn check_request(&self, headers: &HeaderMap) -> Verdict {
    let mut values = headers.get_all(http::header::AUTHORIZATION).iter();
    let Some(first) = values.next() else { return Err("missing".into()) };
    // JS sees repeated headers joined with `, `.
    let mut header = first.as_bytes().to_vec();
    for v in values {
      header.extend_from_slice(b", ");
      header.extend_from_slice(v.as_bytes());
    }
    match bearer_token(&header) {
      None => Err("missing".into()),
      Some(None) => Err("malformed".into()),
      Some(Some(token)) => self.verify(token, now_seconds()),
    }
  }

  /// The checks of jose's `jwtVerify` and Bolt's verifier, in their order; `now` in seconds.
  pub fn verify(&self, token: &str, now: f64) -> Verdict {
    let fail = |check: &str| Err(check.to_string());
    let parts: Vec<&str> = token.split('.').collect();
    let [head, payload, signature] = parts[..] else { return fail("malformed") };
    let Some(header) = b64url(head).and_then(|b| serde_json::from_slice::<Value>(&b).ok()) else { return fail("malformed") };
    let Value::Object(header) = header else { return fail("malformed") };
    let unencoded = match crit(&header) {
      Ok(b64) => !b64,
      Err(check) => return fail(check),
    };
    let alg = match header.get("alg") {
      Some(Value::String(a)) if !a.is_empty() => a.as_str(),
      _ => return fail("malformed"),
    };
    let Some(&(_, alg)) = self.algorithms.iter().find(|(name, _)| name == alg) else { return fail("algorithm") };
    let Some(signature) = b64url(signature) else { return fail("malformed") };
    let Some((_, key)) = self.keys.iter().find(|(a, _)| *a == alg) else { return fail("algorithm") };
    let message = &token.as_bytes()[..head.len() + 1 + payload.len()];
    let encoded = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(signature);
    if !jsonwebtoken::crypto::verify(&encoded, message, key, alg).unwrap_or(false) {
      return fail("signature");
    }
    if unencoded {
      return fail("malformed");
    }
    let Some(bytes) = b64url(payload) else { return fail("malformed") };
    let Ok(Value::Object(claims)) = serde_json::from_slice::<Value>(&bytes) else { return fail("malformed") };
    self.claims(&claims, now)?;
    Ok(bytes)
  }

  fn claims(&self, claims: &Map<String, Value>, now_exact: f64) -> Result<(), String> {
    // jose: the presence list is required claims, then iat (max age), aud, iss, checked reversed.
    let mut presence: Vec<&str> = self.required.iter().map(String::as_str).collect();
    if self.max_age.is_some() {
      presence.push("iat");
    }
    if self.audience.is_some() {
      presence.push("aud");
    }
    if self.issuer.is_some() {
      presence.push("iss");
    }
    let mut seen: Vec<&str> = Vec::new();
    for claim in presence.into_iter().rev() {
      if seen.contains(&claim) {
        continue;
      }
      seen.push(claim);
      if !claims.contains_key(claim) {
        return Err(match claim {
          "iss" | "aud" => claim.to_string(),
          _ => format!("claim:{claim}"),
        });
      }
    }
    if let Some(issuers) = &self.issuer {
      let ok = matches!(claims.get("iss"), Some(Value::String(s)) if issuers.contains(s));
      if !ok {
        return Err("iss".into());
      }
    }
    if let Some(audience) = &self.audience {
      let ok = match claims.get("aud") {
        Some(Value::String(s)) => audience.contains(s),
        Some(Value::Array(list)) => audience.iter().any(|a| list.iter().any(|v| v.as_str() == Some(a))),
        _ => false,
      };
      if !ok {
        return Err("aud".into());
      }
    }
    let now = now_exact.floor();
    let tolerance = self.leeway;
    let number = |claim: &str, bad: &str| -> Result<Option<f64>, String> {
      match claims.get(claim) {
        None => Ok(None),
        Some(Value::Number(n)) => Ok(n.as_f64()),
        Some(_) => Err(bad.to_string()),
      }
    };
    let iat = number("iat", "iat")?;
    if let Some(nbf) = number("nbf", "nbf")? {
      if nbf > now + tolerance {
        return Err("nbf".into());
      }
    }
    // A non-number `exp` is jose's `"exp" claim must be a number`, which Bolt reports as malformed.
    if let Some(exp) = number("exp", "malformed")? {
      if exp <= now - tolerance {
        return Err("exp".into());
      }
    }
    if let (Some(max), Some(iat)) = (self.max_age, iat) {
      let age = now - iat;
      if age - tolerance > max {
        return Err("maxAge".into());
      }
      if age < -tolerance {
        return Err("iat".into());
      }
    }
    // Bolt's own check after jose: a token issued in the future is refused regardless.
    if let Some(iat) = iat {
      if iat > now_exact + tolerance {
        return Err("iat".into());
      }
    }
    Ok(())
  }
}

/// jose's `validateCrit` and `validateB64`: Ok(b64) or the failed check.
fn crit(header: &Map<String, Value>) -> Result<bool, &'static str> {
  let Some(crit) = header.get("crit") else { return Ok(true) };
  let Value::Array(list) = crit else { return Err("malformed") };
  if list.is_empty() || list.iter().any(|v| !matches!(v, Value::String(s) if !s.is_empty())) {
    return Err("malformed");
  }
  let mut b64 = false;
  for name in list.iter().filter_map(Value::as_str) {
    if name != "b64" {
      // JOSENotSupported, which Bolt reports as the algorithm check.
      return Err("algorithm");
    }
    if !header.contains_key("b64") {
      return Err("malformed");
    }
    b64 = true;
  }
  if b64 {
    return match header.get("b64") {
      Some(Value::Bool(v)) => Ok(*v),
      _ => Err("malformed"),
    };
  }
  Ok(true)
}

/// @bolt/auth's `bearerToken`: None without bearer credentials, Some(None) for `Bearer` with a
/// malformed token, else the token.
fn bearer_token(header: &[u8]) -> Option<Option<&str>> {
  let space = header.iter().position(|b| *b == b' ');
  let scheme = &header[..space.unwrap_or(header.len())];
  if !scheme.eq_ignore_ascii_case(b"bearer") {
    return None;
  }
  let Some(space) = space else { return Some(None) };
  // String.prototype.trim over the latin1 text JS sees (tab, VT, FF, space, NBSP).
  let is_ws = |b: &u8| matches!(b, b'\t' | 0x0b | 0x0c | b' ' | 0xa0);
  let mut token = &header[space + 1..];
  while let [first, rest @ ..] = token {
    if !is_ws(first) {
      break;
    }
    token = rest;
  }
  while let [rest @ .., last] = token {
    if !is_ws(last) {
      break;
    }
    token = rest;
  }
  // RFC 6750 b64token: [A-Za-z0-9-._~+/]+ then '='*.
  let body_end = token.iter().position(|b| *b == b'=').unwrap_or(token.len());
  let ok = body_end > 0
    && token[..body_end].iter().all(|b| b.is_ascii_alphanumeric() || b"-._~+/".contains(b))
    && token[body_end..].iter().all(|b| *b == b'=');
  if !ok {
    return Some(None);
  }
  Some(std::str::from_utf8(token).ok())
}

fn now_seconds() -> f64 {
  SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs_f64()).unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::config::{FixedResponseSpec, JwtAnswerSpec};

  fn answer_spec(check: &str, answer: FixedResponseSpec) -> JwtAnswerSpec {
    JwtAnswerSpec { check: check.into(), answer }
  }

  fn check(required: &[&str], max_age: Option<f64>) -> JwtCheck {
    let secret = base64::engine::general_purpose::STANDARD.encode(b"0123456789abcdef0123456789abcdef");
    JwtCheck::from_spec(&JwtSpec {
      algorithms: vec!["HS256".into()],
      secret_base64: Some(secret),
      pem: None,
      issuer: Some(vec!["bolt".into()]),
      audience: None,
      leeway_sec: 0.0,
      max_age_sec: max_age,
      required_claims: required.iter().map(|s| s.to_string()).collect(),
      answers: vec![answer_spec("missing", FixedResponseSpec { status: 401, headers: vec![], body: String::new() })],
    })
    .unwrap()
  }

  fn sign(header: &str, claims: &str) -> String {
    let e = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    let message = format!("{}.{}", e(header), e(claims));
    let key = jsonwebtoken::EncodingKey::from_secret(b"0123456789abcdef0123456789abcdef");
    let sig = jsonwebtoken::crypto::sign(message.as_bytes(), &key, Algorithm::HS256).unwrap();
    format!("{message}.{sig}")
  }

  #[test]
  fn bearer_token_reads_like_the_js_one() {
    assert_eq!(bearer_token(b"Basic abc"), None);
    assert_eq!(bearer_token(b"Bearer"), Some(None));
    assert_eq!(bearer_token(b"bearer  a.b.c "), Some(Some("a.b.c")));
    assert_eq!(bearer_token(b"Bearer a b"), Some(None));
    assert_eq!(bearer_token(b"Bearer ab=="), Some(Some("ab==")));
    assert_eq!(bearer_token(b"Bearer =="), Some(None));
  }

  #[test]
  fn checks_in_jose_order() {
    let c = check(&["exp"], None);
    let h = r#"{"alg":"HS256"}"#;
    assert!(c.verify(&sign(h, r#"{"iss":"bolt","exp":2000}"#), 1000.5).is_ok());
    assert_eq!(c.verify(&sign(h, r#"{"iss":"bolt","exp":1000}"#), 1000.5), Err("exp".into()));
    assert_eq!(c.verify(&sign(h, r#"{"exp":1000}"#), 1000.5), Err("iss".into()));
    assert_eq!(c.verify(&sign(h, r#"{"iss":"bolt"}"#), 1000.5), Err("claim:exp".into()));
    assert_eq!(c.verify(&sign(h, r#"{"iss":"x","exp":2000}"#), 1000.5), Err("iss".into()));
    assert_eq!(c.verify(&sign(h, r#"{"iss":"bolt","exp":"2000"}"#), 1000.5), Err("malformed".into()));
    assert_eq!(c.verify(&sign(h, r#"{"iss":"bolt","exp":2000,"nbf":1002}"#), 1000.5), Err("nbf".into()));
    assert_eq!(c.verify(&sign(h, r#"{"iss":"bolt","exp":2000,"iat":1001}"#), 1000.5), Err("iat".into()));
    assert_eq!(c.verify(&sign(r#"{"alg":"none"}"#, "{}"), 0.0), Err("algorithm".into()));
    assert_eq!(c.verify(&sign(r#"{"alg":"HS256","crit":["x"]}"#, "{}"), 0.0), Err("algorithm".into()));
    assert_eq!(c.verify("a.b", 0.0), Err("malformed".into()));
    let mut t = sign(h, r#"{"iss":"bolt","exp":2000}"#);
    t.push('A');
    assert_eq!(c.verify(&t, 1000.5), Err("signature".into()));
    let aged = check(&["exp", "iat"], Some(10.0));
    assert_eq!(aged.verify(&sign(h, r#"{"iss":"bolt","exp":2000,"iat":900}"#), 1000.5), Err("maxAge".into()));
    assert_eq!(aged.verify(&sign(h, r#"{"iss":"bolt","exp":2000}"#), 1000.5), Err("claim:iat".into()));
  }
}
