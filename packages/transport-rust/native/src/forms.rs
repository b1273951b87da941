//! The native forms Rust runs per route before JavaScript is entered (`jwt`, `rate-limit`), in
//! the order the route's hooks would run them in JS. JavaScript sends a form only when the app,
//! with the form's hooks dropped, has no other hook that would see its answer
//! (`src/native-plan.ts`), so the answer Rust gives here is the whole answer JS would give.

use http::{HeaderMap, HeaderName, HeaderValue, Response};

use crate::body::ResBody;
use crate::config::NativeFormSpec;
use crate::jwt::JwtCheck;
use crate::rate_limit::{Decision, Limiter};

enum Form {
  Jwt(JwtCheck),
  RateLimit(Limiter),
}

#[derive(Default)]
pub struct Forms {
  forms: Vec<Form>,
  /// The root API's forms: requests no route matched pass them in JS too.
  unmatched: Vec<u32>,
}

/// What the forms of a request found: the verified claims (JSON) and headers the answer gets.
#[derive(Default)]
pub struct Passed {
  pub claims: Option<Vec<u8>>,
  pub headers: Vec<(HeaderName, HeaderValue)>,
}

impl Passed {
  /// Adds the forms' headers to packed reply headers (`name\0value\0...`, see `dispatch.rs`).
  pub fn pack(&self, packed: String) -> String {
    let mut out = packed;
    for (name, value) in &self.headers {
      let Ok(value) = value.to_str() else { continue };
      if !out.is_empty() {
        out.push('\0');
      }
      out.push_str(name.as_str());
      out.push('\0');
      out.push_str(value);
    }
    out
  }

  /// Adds the forms' headers to an answer (the rate limiter's onSend hook in JS).
  pub fn decorate(self, mut res: Response<ResBody>) -> Response<ResBody> {
    for (name, value) in self.headers {
      res.headers_mut().append(name, value);
    }
    res
  }
}

impl Forms {
  pub fn from_specs(specs: &[NativeFormSpec], unmatched: Vec<u32>) -> Result<Self, String> {
    let mut forms = Vec::with_capacity(specs.len());
    for spec in specs {
      forms.push(match (&spec.jwt, &spec.rate_limit) {
        (Some(jwt), None) => Form::Jwt(JwtCheck::from_spec(jwt)?),
        (None, Some(limit)) => Form::RateLimit(Limiter::from_spec(limit)?),
        _ => return Err("a native form must be exactly one of jwt or rateLimit".into()),
      });
    }
    Ok(Self { forms, unmatched })
  }

  /// Rust's own answer to a request no route matched (404, 405, OPTIONS), after the root's forms.
  pub fn unmatched(&self, headers: &HeaderMap, remote: &str, answer: Response<ResBody>) -> Response<ResBody> {
    if self.unmatched.is_empty() {
      return answer;
    }
    match self.run(&self.unmatched, headers, remote, false) {
      Ok(passed) => passed.decorate(answer),
      Err(refused) => refused,
    }
  }

  /// Runs the route's forms in order: Ok with what passed, or Err with the answer of the first
  /// that refused (carrying the headers of those that ran before it). `close`: the body was not read.
  pub fn run(&self, route: &[u32], headers: &HeaderMap, remote: &str, close: bool) -> Result<Passed, Response<ResBody>> {
    let mut passed = Passed::default();
    for index in route {
      let Some(form) = self.forms.get(*index as usize) else { continue };
      match form {
        Form::RateLimit(limiter) => match limiter.check(headers, remote) {
          Decision::Refused(res) => return Err(closing(passed.decorate(res), close)),
          Decision::Passed(h) => passed.headers.extend(h),
        },
        Form::Jwt(check) => match check.check_request(headers) {
          Ok(claims) => passed.claims = Some(claims),
          Err(name) => {
            let res = match check.answer(&name) {
              Some(answer) => answer.to_response(close),
              None => {
                eprintln!("bolt(rust): the jwt form has no answer for check {name}; answered 500");
                return Err(crate::fixed::FixedResponse::bare(http::StatusCode::INTERNAL_SERVER_ERROR).to_response(close));
              }
            };
            return Err(passed.decorate(res));
          }
        },
      }
    }
    Ok(passed)
  }
}

fn closing(mut res: Response<ResBody>, close: bool) -> Response<ResBody> {
  if close {
    res.headers_mut().insert(http::header::CONNECTION, HeaderValue::from_static("close"));
  }
  res
}
