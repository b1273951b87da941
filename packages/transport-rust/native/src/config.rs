//! The shapes JavaScript hands over at startup: routes, fixed responses and limits.

/// A fixed response computed once by Bolt in JavaScript (`app.errorResponse(status)` or the app's
/// own answer to a probe), replayed byte for byte by Rust so bodies cannot drift from core's.
#[napi(object)]
#[derive(Clone)]
pub struct FixedResponseSpec {
  pub status: u32,
  /// Flat `[name, value, ...]` list with lower-case names.
  pub headers: Vec<String>,
  pub body: String,
}

/// One compiled route as Rust registers it.
#[napi(object)]
#[derive(Clone)]
pub struct RouteSpec {
  /// `CompiledRoute.index`, sent back to JS with each request.
  pub index: u32,
  pub methods: Vec<String>,
  /// matchit syntax: `/items/{item_id}`, `/files/{*path}`.
  pub pattern: String,
  pub param_count: u32,
  pub body_limit: f64,
  /// Lower-case header names the route reads; `None` sends every header.
  pub header_names: Option<Vec<String>>,
  pub compress: bool,
}

/// What Bolt answers for a pattern when the method does not match (405 with its `Allow`) and for
/// `OPTIONS` when no route declares it. Computed in JS by asking the app itself.
#[napi(object)]
#[derive(Clone)]
pub struct PatternSpec {
  pub pattern: String,
  pub method_not_allowed: FixedResponseSpec,
  pub options: Option<FixedResponseSpec>,
}

/// Everything a server needs before it listens.
#[napi(object)]
pub struct ServerConfig {
  pub routes: Vec<RouteSpec>,
  pub patterns: Vec<PatternSpec>,
  /// Bolt's responses for 400, 404, 413, 431, 500 and 503.
  pub errors: Vec<FixedResponseSpec>,
  /// tokio worker threads. Default 1.
  pub threads: Option<u32>,
  /// Requests in flight per JS worker before Rust answers 503. Default 1024.
  pub max_in_flight: Option<u32>,
  /// Largest request head (request line + headers) in bytes; over it: 431. Default 16 KiB.
  pub max_header_bytes: Option<u32>,
  /// Most request headers; over it hyper closes the connection. Default: hyper's 100.
  pub max_headers: Option<u32>,
  /// Time allowed for a request head to arrive once a connection is open or idle, in ms. Default 30 000.
  pub header_timeout_ms: Option<u32>,
  /// Smallest body worth compressing, in bytes. Default 1024.
  pub compress_min_bytes: Option<u32>,
  /// Lets the `x-bolt-debug-panic` request header panic inside the request task (tests only).
  pub debug_panics: Option<bool>,
}
