//! The shapes JavaScript hands over at startup: routes, fixed responses and limits. These
//! `#[napi(object)]` structs are the one declaration of the bridge record: `napi build` writes
//! their TypeScript types to `native/index.d.ts`, which `src/` imports (no hand mirror).

/// Version of the bridge layout (this config and the batch format in `batch.rs`). JavaScript
/// sends the version it was written for; a server refuses a config of another version, so a stale
/// add-on or a stale `dist/` fails at startup instead of misreading fields.
pub const BRIDGE_LAYOUT: u32 = 7;

/// A fixed response computed once by Bolt in JavaScript (`app.errorResponse(status)` or the
/// pattern's 405/OPTIONS answer from `app.patterns`), replayed byte for byte by Rust so bodies
/// cannot drift from core's.
#[napi(object)]
#[derive(Clone, Debug, PartialEq)]
pub struct FixedResponseSpec {
  pub status: u32,
  /// Flat `[name, value, ...]` list with lower-case names.
  pub headers: Vec<String>,
  pub body: String,
}

/// One compiled route as Rust registers it.
#[napi(object)]
#[derive(Clone, Debug, PartialEq)]
pub struct RouteSpec {
  /// `CompiledRoute.index`, sent back to JS with each request.
  pub index: u32,
  pub methods: Vec<String>,
  /// matchit syntax: `/items/{item_id}`, `/files/{*path}`.
  pub pattern: String,
  pub param_count: u32,
  pub body_limit: f64,
  pub compress: bool,
  /// The app's `compress` form covers this route (`ServerConfig.compress_form`): it replaces the
  /// engine's own compression (`compress`, `compress_min_bytes`) on its answers.
  pub compress_form: Option<bool>,
  /// Native forms Rust runs for this route before JS, in order: indices into `nativeForms`.
  pub forms: Option<Vec<u32>>,
  /// A refusal by those forms passes `ServerConfig.decorations` (and the compress form), as the
  /// route's app-wide hooks would pass it in JS.
  pub decorate_refusals: Option<bool>,
  /// Present on a WebSocket route (`api.ws`): an upgrade request to it may become a socket.
  pub websocket: Option<WebSocketSpec>,
  /// `CompiledRoute.multipart`: a `multipart/form-data` body is parsed here within these limits
  /// (`multipart.rs`), `body_limit` capping the whole request.
  pub multipart: Option<MultipartSpec>,
}

/// `MultipartLimits` as JavaScript sends them; `Infinity` means no limit.
#[napi(object)]
#[derive(Clone, Debug, PartialEq)]
pub struct MultipartSpec {
  pub file_size: f64,
  pub files: f64,
  pub fields: f64,
  pub field_size: f64,
  pub parts: f64,
}

/// A WebSocket route's limits, decided by core (`WebSocketRouteOptions`).
#[napi(object)]
#[derive(Clone, Debug, PartialEq)]
pub struct WebSocketSpec {
  /// Largest message in bytes; over it the socket is closed with 1009.
  pub max_payload: f64,
  /// Seconds without a frame from the peer before the socket is dropped (pings every half of it); 0: never.
  pub idle_timeout: f64,
  /// Unsent bytes past which core disconnects the reader; `send` reports back-pressure from here on
  /// (or from 64 KiB when that is less).
  pub max_backpressure: f64,
}

/// What Bolt answers for a pattern when the method does not match (405 with its `Allow`) and for
/// `OPTIONS` when no route declares it: `app.patterns`, decided by core.
#[napi(object)]
#[derive(Clone, Debug, PartialEq)]
pub struct PatternSpec {
  pub pattern: String,
  pub method_not_allowed: FixedResponseSpec,
  pub options: Option<FixedResponseSpec>,
}

/// The CORS policy Rust answers preflights with (native form `cors`), sent only when the plugin's
/// hooks are the app's only app-wide hooks and its origins are `'*'` or a list.
#[napi(object)]
#[derive(Clone, Debug, PartialEq)]
pub struct CorsSpec {
  /// `origins: '*'`.
  pub any_origin: bool,
  /// The exact allowed origins (empty with `any_origin`).
  pub origins: Vec<String>,
  pub credentials: bool,
  /// `access-control-allow-methods`.
  pub allow_methods: String,
  /// `access-control-allow-headers`; absent: echo `access-control-request-headers`.
  pub allow_headers: Option<String>,
  /// `access-control-max-age`.
  pub max_age: Option<String>,
  /// `access-control-expose-headers` of actual answers.
  pub expose_headers: Option<String>,
}

/// One root onSend hook Rust reproduces on the answers it gives itself (`decorate.rs`), exactly
/// one member set: core's `requestId` (its header), @bolt/middleware's `cors()` (the actual-answer
/// headers of `ServerConfig.cors`), or `securityHeaders()` (its static lists).
#[napi(object)]
#[derive(Clone, Debug, PartialEq)]
pub struct DecorationSpec {
  pub request_id: Option<String>,
  pub cors: Option<bool>,
  /// `[name, value, ...]` added to every answer that lacks them.
  pub security_always: Option<Vec<String>>,
  /// Added to `text/html` answers.
  pub security_html: Option<Vec<String>>,
}

/// Everything a server needs before it listens.
#[napi(object)]
#[derive(Clone, Debug, PartialEq)]
pub struct ServerConfig {
  /// Must equal [`BRIDGE_LAYOUT`].
  pub layout: u32,
  pub routes: Vec<RouteSpec>,
  pub patterns: Vec<PatternSpec>,
  /// Bolt's responses for 400, 404, 408, 413, 431, 500 and 503.
  pub errors: Vec<FixedResponseSpec>,
  /// Requests no route matches (404, 405, automatic OPTIONS) go to JavaScript (`app.handle`)
  /// instead of being answered here: the app has hooks that must see every request.
  pub unmatched_to_js: bool,
  /// Body limit for requests handed to JavaScript unmatched (the app's global `bodyLimit`).
  pub unmatched_body_limit: f64,
  /// The `compress` form Rust runs on the final answer of the routes that list it (the plugin's
  /// onSend hook is dropped in JS); see `compress.rs`.
  pub compress_form: Option<CompressSpec>,
  /// The `compress` form also covers requests no route matched (it is the root API's).
  pub unmatched_compress_form: Option<bool>,
  /// Preflights answered in Rust (native form `cors`); absent: JavaScript answers them.
  pub cors: Option<CorsSpec>,
  /// The root's onSend hooks, in order, reproduced on preflights Rust answers.
  pub decorations: Option<Vec<DecorationSpec>>,
  /// Native forms Rust runs per route (`jwt`, `rate-limit`); see `forms.rs`.
  pub native_forms: Option<Vec<NativeFormSpec>>,
  /// Forms of the root API, run for requests no route matched before Rust answers 404/405.
  pub unmatched_forms: Option<Vec<u32>>,
  /// tokio worker threads. Default 1.
  pub threads: Option<u32>,
  /// Requests in flight per JS worker before Rust answers 503. Default 1024.
  pub max_in_flight: Option<u32>,
  /// Largest request head (request line + headers) in bytes; over it: 431. Default 16 KiB.
  pub max_header_bytes: Option<u32>,
  /// Most request headers; over it hyper closes the connection. Default: hyper's 100.
  pub max_headers: Option<u32>,
  /// Time allowed for a request head to arrive once a connection is open or idle, in ms. Default 10 000.
  pub header_timeout_ms: Option<u32>,
  /// Longest pause between two pieces of a request body, in ms; over it: 408. Default 10 000.
  pub body_timeout_ms: Option<u32>,
  /// Time allowed for a whole request (head and body) from its first byte, in ms; over it: 408.
  /// Default 30 000.
  pub request_timeout_ms: Option<u32>,
  /// Smallest body worth compressing, in bytes. Default 1024.
  pub compress_min_bytes: Option<u32>,
  /// Lets the `x-bolt-debug-panic` request header panic inside the request task (tests only).
  pub debug_panics: Option<bool>,
}

/// The `compress` form (@bolt/middleware's `CompressConfig`).
#[napi(object)]
#[derive(Clone, Debug, PartialEq)]
pub struct CompressSpec {
  pub min_bytes: u32,
  /// `br` and `gzip`, most preferred first.
  pub encodings: Vec<String>,
  pub brotli_quality: u32,
  pub gzip_level: u32,
}

/// One native form, exactly one member set (napi objects carry no enums).
#[napi(object)]
#[derive(Clone, Debug, PartialEq)]
pub struct NativeFormSpec {
  pub jwt: Option<JwtSpec>,
  pub rate_limit: Option<RateLimitSpec>,
}

/// The `jwt` form (@bolt/auth's `JwtNativeConfig`), its key as a secret or a PEM (never a JWKS).
#[napi(object)]
#[derive(Clone, Debug, PartialEq)]
pub struct JwtSpec {
  pub algorithms: Vec<String>,
  pub secret_base64: Option<String>,
  pub pem: Option<String>,
  pub issuer: Option<Vec<String>>,
  pub audience: Option<Vec<String>>,
  pub leeway_sec: f64,
  pub max_age_sec: Option<f64>,
  pub required_claims: Vec<String>,
  /// The answer JS gives for each check (`missing`, `exp`, `claim:sub`, ...).
  pub answers: Vec<JwtAnswerSpec>,
}

#[napi(object)]
#[derive(Clone, Debug, PartialEq)]
pub struct JwtAnswerSpec {
  pub check: String,
  pub answer: FixedResponseSpec,
}

/// The `rate-limit` form (@bolt/middleware's `RateLimitConfig`) with the app's 429 answer.
#[napi(object)]
#[derive(Clone, Debug, PartialEq)]
pub struct RateLimitSpec {
  pub limit: f64,
  pub window_ms: f64,
  pub sliding: bool,
  /// The key's header (lower-case); absent: the client address.
  pub header: Option<String>,
  /// `ratelimit-*` headers on counted answers that pass.
  pub send_headers: bool,
  /// The `ratelimit-policy` value.
  pub policy: String,
  /// The app's 429 answer before the limiter's headers are added.
  pub refused: FixedResponseSpec,
}
