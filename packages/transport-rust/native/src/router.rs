//! Routing in Rust: matchit finds the pattern, a short per-pattern list finds the method. What
//! Bolt answers for an unknown method (405 + `Allow`) and for `OPTIONS` comes from the app itself.

use http::Method;
use matchit::{Params, Router};

use crate::config::{PatternSpec, RouteSpec};
use crate::fixed::FixedResponse;
use crate::ws::WsLimits;

/// A JS byte limit as Rust compares it; `Infinity` (or anything odd) means no limit.
pub fn byte_limit(limit: f64) -> u64 {
  if limit.is_finite() && limit >= 0.0 {
    limit as u64
  } else {
    u64::MAX
  }
}

/// What Rust needs to know about one compiled route.
pub struct RouteInfo {
  pub index: u32,
  pub param_count: usize,
  pub body_limit: u64,
  pub compress: bool,
  /// The server's `compress` form covers this route.
  pub compress_form: bool,
  /// The forms' refusals pass the server's decorations.
  pub decorate_refusals: bool,
  /// Set on a WebSocket route.
  pub websocket: Option<WsLimits>,
  /// Native forms run before JS (indices into the server's forms), in order.
  pub forms: Vec<u32>,
  /// Limits of a route that takes `multipart/form-data` (parsed in Rust).
  pub multipart: Option<crate::multipart::Limits>,
}

struct Entry {
  methods: Vec<(Method, usize)>,
  not_allowed: FixedResponse,
  options: Option<FixedResponse>,
}

impl Entry {
  fn find(&self, method: &Method) -> Option<usize> {
    self.methods.iter().find(|(m, _)| m == method).map(|(_, r)| *r)
  }
}

pub enum Resolved<'r, 'p> {
  Route { route: &'r RouteInfo, params: Params<'r, 'p> },
  Fixed(&'r FixedResponse),
  NotFound,
}

pub struct RouteTable {
  router: Router<usize>,
  entries: Vec<Entry>,
  routes: Vec<RouteInfo>,
}

impl RouteTable {
  /// Registers every route; fails on a pattern matchit rejects (two params in one place, ...).
  pub fn build(routes: &[RouteSpec], patterns: &[PatternSpec]) -> Result<Self, String> {
    let mut table = RouteTable { router: Router::new(), entries: Vec::new(), routes: Vec::new() };
    let mut by_pattern: Vec<(String, usize)> = Vec::new();
    for spec in routes {
      let info = RouteInfo {
        index: spec.index,
        param_count: spec.param_count as usize,
        body_limit: byte_limit(spec.body_limit),
        compress: spec.compress,
        compress_form: spec.compress_form.unwrap_or(false),
        decorate_refusals: spec.decorate_refusals.unwrap_or(false),
        websocket: spec.websocket.as_ref().map(WsLimits::from_spec),
        forms: spec.forms.clone().unwrap_or_default(),
        multipart: spec.multipart.as_ref().map(crate::multipart::Limits::from_spec),
      };
      let route_slot = table.routes.len();
      table.routes.push(info);
      let entry_slot = match by_pattern.iter().find(|(p, _)| *p == spec.pattern) {
        Some((_, e)) => *e,
        None => {
          let p = patterns
            .iter()
            .find(|p| p.pattern == spec.pattern)
            .ok_or_else(|| format!("no 405/OPTIONS answers were given for pattern {}", spec.pattern))?;
          let e = table.entries.len();
          table.entries.push(Entry {
            methods: Vec::new(),
            not_allowed: FixedResponse::from_spec(&p.method_not_allowed),
            options: p.options.as_ref().map(FixedResponse::from_spec),
          });
          table.router.insert(spec.pattern.clone(), e).map_err(|err| format!("route {}: {err}", spec.pattern))?;
          by_pattern.push((spec.pattern.clone(), e));
          e
        }
      };
      for m in &spec.methods {
        let method = Method::from_bytes(m.as_bytes()).map_err(|_| format!("bad method {m}"))?;
        let entry = &mut table.entries[entry_slot];
        if entry.find(&method).is_none() {
          entry.methods.push((method, route_slot));
        }
      }
    }
    Ok(table)
  }

  /// Finds the route for a request, or the fixed answer Bolt gives instead.
  pub fn resolve<'r, 'p>(&'r self, method: &Method, path: &'p str) -> Resolved<'r, 'p> {
    let Ok(m) = self.router.at(path) else {
      return Resolved::NotFound;
    };
    let entry = &self.entries[*m.value];
    let found = entry.find(method).or_else(|| {
      if method == Method::HEAD {
        entry.find(&Method::GET)
      } else {
        None
      }
    });
    match found {
      Some(r) => Resolved::Route { route: &self.routes[r], params: m.params },
      None if method == Method::OPTIONS && entry.options.is_some() => {
        Resolved::Fixed(entry.options.as_ref().unwrap_or(&entry.not_allowed))
      }
      None => Resolved::Fixed(&entry.not_allowed),
    }
  }
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::config::FixedResponseSpec;

  fn fixed(status: u32) -> FixedResponseSpec {
    FixedResponseSpec { status, headers: vec![], body: String::new() }
  }

  fn table() -> RouteTable {
    let route = |index, method: &str, pattern: &str, params| RouteSpec {
      index,
      methods: vec![method.into()],
      pattern: pattern.into(),
      param_count: params,
      body_limit: 1024.0,
      compress: true,
      compress_form: None,
      decorate_refusals: None,
      websocket: None,
      forms: None,
      multipart: None,
    };
    let pattern = |p: &str| PatternSpec { pattern: p.into(), method_not_allowed: fixed(405), options: Some(fixed(204)) };
    RouteTable::build(
      &[route(0, "GET", "/items/{id}", 1), route(1, "PUT", "/items/{id}", 1), route(2, "GET", "/files/{*rest}", 1)],
      &[pattern("/items/{id}"), pattern("/files/{*rest}")],
    )
    .unwrap()
  }

  #[test]
  fn resolves_method_params_head_and_405() {
    let t = table();
    match t.resolve(&Method::PUT, "/items/7") {
      Resolved::Route { route, params } => {
        assert_eq!(route.index, 1);
        assert_eq!(params.get("id"), Some("7"));
      }
      _ => panic!("expected a route"),
    }
    assert!(matches!(t.resolve(&Method::HEAD, "/items/7"), Resolved::Route { route, .. } if route.index == 0));
    assert!(matches!(t.resolve(&Method::DELETE, "/items/7"), Resolved::Fixed(f) if f.status == 405));
    assert!(matches!(t.resolve(&Method::OPTIONS, "/items/7"), Resolved::Fixed(f) if f.status == 204));
    assert!(matches!(t.resolve(&Method::GET, "/nope"), Resolved::NotFound));
    assert!(matches!(t.resolve(&Method::GET, "/files/a/b"), Resolved::Route { params, .. } if params.get("rest") == Some("a/b")));
  }
}
