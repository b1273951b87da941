//! One request, start to finish: check the head, route, enforce limits and timeouts while the
//! body arrives, hand it to the least busy JS worker, wait for its answer without blocking,
//! compress, and reply.

use std::sync::Arc;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use http::{HeaderValue, Method, Request, Response, StatusCode, Version};
use http_body_util::BodyExt;
use hyper::body::{Body, Incoming};
use tokio::sync::oneshot;

use crate::batch::RequestRecord;
use crate::body::{Encoded, FinishNotice, Kind, ResBody};
use crate::compress;
use crate::conn::ConnInfo;
use crate::dispatch::{parse_headers, Reply, ReplyBody};
use crate::file::FileBody;
use crate::multipart;
use crate::router::Resolved;
use crate::server::ServerState;
use crate::worker::WorkerSlot;
use crate::ws;

/// Header that makes the request task panic when the server was built with `debugPanics`.
const DEBUG_PANIC_HEADER: &str = "x-bolt-debug-panic";

enum BodyError {
  TooLarge,
  Broken,
  TimedOut,
}

/// Marks the request as read whole when it is answered without its body being collected (404,
/// 405, 431, ...), so the next request's clock starts at its own first byte.
struct ReadMark<'a>(&'a ConnInfo, bool);

impl ReadMark<'_> {
  fn read(&mut self) {
    self.0.request_read();
    self.1 = true;
  }
}

impl Drop for ReadMark<'_> {
  fn drop(&mut self) {
    if !self.1 {
      self.0.request_read();
    }
  }
}

pub async fn handle(state: Arc<ServerState>, conn: Arc<ConnInfo>, req: Request<Incoming>) -> Response<ResBody> {
  let age = conn.request_age();
  let mut mark = ReadMark(&conn, false);
  if state.debug_panics && req.headers().contains_key(DEBUG_PANIC_HEADER) {
    panic!("panic requested by {DEBUG_PANIC_HEADER}");
  }
  if head_size(&req) > state.max_header_bytes {
    return state.fixed.headers_too_large.to_response(true);
  }
  if !host_ok(&req) {
    return state.fixed.bad_request.to_response(true);
  }
  let (mut parts, incoming) = req.into_parts();
  let (route, params, body_limit, compress_ok, websocket, forms, form, covered, decorate) = match state.table.resolve(&parts.method, parts.uri.path()) {
    Resolved::Route { route, params } if params.len() == route.param_count => {
      let form = route.multipart.as_ref().and_then(|limits| Some((limits, multipart::boundary(&parts.headers)?)));
      (Some(route.index), Some(params), route.body_limit, route.compress, route.websocket, route.forms.as_slice(), form, route.compress_form, route.decorate_refusals)
    }
    _ if state.unmatched_to_js => (None, None, state.unmatched_body_limit, true, None, &[][..], None, state.unmatched_compress_form, false),
    Resolved::Fixed(f) => {
      let answer = state.forms.unmatched(&parts.headers, &conn.remote, f.to_response(false));
      return own_answer(&state, state.unmatched_compress_form, &parts.headers, answer);
    }
    Resolved::NotFound | Resolved::Route { .. } => {
      let answer = state.forms.unmatched(&parts.headers, &conn.remote, state.fixed.not_found.to_response(false));
      return own_answer(&state, state.unmatched_compress_form, &parts.headers, answer);
    }
  };
  // The app's `compress` form, when it covers this request: it decides instead of the engine.
  let squeeze = state.compress_form.as_ref().filter(|_| covered);
  // An announced body over the limit is refused before a byte of it is read (a multipart
  // route hears of it as its `bodyLimit`, see multipart.rs).
  if form.is_none() && incoming.size_hint().lower() > body_limit {
    return state.fixed.payload_too_large.to_response(true);
  }
  // A preflight, on any path: the answer needs neither the body nor JavaScript.
  if let Some(mut answer) = state.cors.as_ref().and_then(|c| c.preflight(&parts.method, &parts.headers)) {
    state.decorations.apply(state.cors.as_ref(), &parts.headers, true, &mut answer);
    return own_answer(&state, state.unmatched_compress_form, &parts.headers, answer);
  }
  // A GET asking for a WebSocket at a WebSocket route: keep hyper's handle on the connection, in
  // case JS accepts it. A broken handshake never reaches JS.
  let Ok(upgrade) = ws::Handshake::take(websocket, &parts.method, &parts.headers, &mut parts.extensions) else {
    return state.fixed.bad_request.to_response(true);
  };
  // Native forms (a JWT check, a rate limit) answer before the body is read or JS is entered; a
  // refused upgrade ends the connection, as below.
  let close = !incoming.is_end_stream() || upgrade.is_some();
  let native = match state.forms.run(forms, &parts.headers, &conn.remote, close) {
    Ok(passed) => passed,
    Err(mut answer) => {
      if decorate {
        state.decorations.apply(state.cors.as_ref(), &parts.headers, false, &mut answer);
      }
      return own_answer(&state, covered, &parts.headers, answer);
    }
  };
  // A range request gets the identity bytes it asked a range of (as the JS plugin does).
  let encoding = if let Some(f) = squeeze {
    f.negotiate(&parts.headers)
  } else if compress_ok && !parts.headers.contains_key(http::header::RANGE) {
    compress::negotiate(parts.headers.get(http::header::ACCEPT_ENCODING))
  } else {
    None
  };
  let is_head = parts.method == Method::HEAD;
  let deadline = state.request_timeout.saturating_sub(age);
  let (mut uploads, mut whole) = (None, true);
  let body = match form {
    Some((limits, boundary)) => match multipart::read(incoming, boundary, limits, body_limit, state.body_timeout, deadline).await {
      Ok(parsed) => {
        (uploads, whole) = (Some(parsed.uploads), parsed.whole);
        Ok(Some(parsed.record))
      }
      Err(multipart::Failed::Disk(e)) => {
        eprintln!("bolt(rust): an upload could not be written to a temp file ({e}); answered 500");
        return state.fixed.internal_error.to_response(true);
      }
      Err(multipart::Failed::TimedOut) => Err(BodyError::TimedOut),
      Err(multipart::Failed::Broken) => Err(BodyError::Broken),
    },
    None => collect(incoming, body_limit, state.body_timeout, deadline).await,
  };
  let body = match body {
    Ok(b) => b,
    Err(BodyError::TooLarge) => return state.fixed.payload_too_large.to_response(true),
    Err(BodyError::Broken) => return state.fixed.bad_request.to_response(true),
    Err(BodyError::TimedOut) => return state.fixed.request_timeout.to_response(true),
  };
  mark.read();

  let Some(worker) = state.pick_worker() else {
    return state.fixed.unavailable.to_response(false);
  };
  let (tx, rx) = oneshot::channel();
  let id = worker.pending.insert(tx);
  let record = RequestRecord {
    route,
    id,
    method: &parts.method,
    uri: &parts.uri,
    params: params.as_ref(),
    remote: &conn.remote,
    headers: &parts.headers,
    body: body.as_deref(),
    claims: native.claims.as_deref(),
    multipart: uploads.is_some(),
  };
  if !worker.enqueue(&record) {
    // The JS thread is gone: take it out of rotation; this request is shed.
    drop(worker.pending.take(id));
    worker.kill();
    return state.fixed.unavailable.to_response(false);
  }
  let refused_upgrade = upgrade.is_some();
  let mut res = match multipart::answered(rx, uploads).await {
    Ok((Reply { body: ReplyBody::Upgrade(socket), headers, .. }, _)) => {
      return ws::accept(&state, &worker, id, upgrade, &native.pack(headers), socket);
    }
    Ok((reply, uploads)) => {
      let mut res = native.decorate(finish(&state, &worker, id, reply, encoding, is_head, squeeze));
      multipart::attach(&mut res, uploads, whole);
      res
    }
    Err(_) => state.fixed.internal_error.to_response(!whole),
  };
  if refused_upgrade {
    // An upgrade answered with anything but 101 (401, 403, 422, ...) ends the connection.
    res.headers_mut().insert(http::header::CONNECTION, HeaderValue::from_static("close"));
  }
  res
}

/// RFC 9112 section 3.2: an HTTP/1.1 request has exactly one `Host`; no request has two.
fn host_ok(req: &Request<Incoming>) -> bool {
  let mut hosts = req.headers().get_all(http::header::HOST).iter();
  match (hosts.next(), hosts.next()) {
    (_, Some(_)) => false,
    (None, None) => req.version() != Version::HTTP_11,
    (Some(_), None) => true,
  }
}

/// Bytes of the request head as sent: request line plus `name: value\r\n` per header.
fn head_size(req: &Request<Incoming>) -> usize {
  let line = req.method().as_str().len() + req.uri().path().len() + req.uri().query().map_or(0, |q| q.len() + 1) + 11;
  req.headers().iter().fold(line, |n, (k, v)| n + k.as_str().len() + v.len() + 4)
}

/// Reads the whole body within `limit`, with at most `idle` between two pieces and `total` in
/// all; a single-frame body is kept without a copy.
async fn collect(mut body: Incoming, limit: u64, idle: Duration, total: Duration) -> Result<Option<Bytes>, BodyError> {
  if body.is_end_stream() {
    return Ok(None);
  }
  let end = tokio::time::Instant::now() + total;
  // `content-length`, already checked against `limit` by the caller.
  let announced = body.size_hint().exact().filter(|n| *n <= limit);
  let mut first: Option<Bytes> = None;
  let mut rest: Option<BytesMut> = None;
  let mut received: u64 = 0;
  loop {
    let wait = (tokio::time::Instant::now() + idle).min(end);
    let frame = match tokio::time::timeout_at(wait, body.frame()).await {
      Err(_) => return Err(BodyError::TimedOut),
      Ok(None) => break,
      Ok(Some(frame)) => frame.map_err(|_| BodyError::Broken)?,
    };
    let Ok(data) = frame.into_data() else { continue };
    received += data.len() as u64;
    if received > limit {
      return Err(BodyError::TooLarge);
    }
    match (&mut first, &mut rest) {
      (None, None) => match announced {
        // Announced and not all here yet: one buffer of the final size, never regrown (a
        // stalled 1 MiB upload held about 3 MiB while its buffer doubled).
        Some(n) if n > data.len() as u64 => {
          let mut buf = BytesMut::with_capacity(n as usize);
          buf.extend_from_slice(&data);
          rest = Some(buf);
        }
        _ => first = Some(data),
      },
      (None, Some(buf)) => buf.extend_from_slice(&data),
      (Some(f), None) => {
        let mut buf = BytesMut::with_capacity(f.len() + data.len());
        buf.extend_from_slice(f);
        buf.extend_from_slice(&data);
        rest = Some(buf);
      }
      (Some(_), Some(buf)) => buf.extend_from_slice(&data),
    }
  }
  Ok(match rest {
    Some(buf) => Some(buf.freeze()),
    None => first.filter(|b| !b.is_empty()),
  })
}

/// Statuses that never carry a body or a length (RFC 9110 sections 15.3.5 and 15.4.5).
fn bodiless(status: StatusCode) -> bool {
  status == StatusCode::NO_CONTENT || status == StatusCode::NOT_MODIFIED || status.is_informational()
}

/// An answer Rust gave itself (a native form's refusal, a 404), through the app's `compress`
/// form when it covers the request, as the plugin's hook would have passed it in JS.
fn own_answer(state: &ServerState, covered: bool, request: &http::HeaderMap, mut res: Response<ResBody>) -> Response<ResBody> {
  let Some(form) = state.compress_form.as_ref().filter(|_| covered) else { return res };
  let size = res.body().full_bytes().map_or(0, Bytes::len);
  let status = res.status();
  let decision = form.decide(status, res.headers_mut(), compress::BodySize::Known(size), form.negotiate(request));
  if let Some(enc) = decision.encoding {
    let packed = res.body().full_bytes().map(|b| compress::compress_with(enc, decision.settings, b));
    match packed {
      Some(Ok(p)) => res.body_mut().set_full(p),
      _ => {
        res.headers_mut().remove(http::header::CONTENT_ENCODING);
      }
    }
  }
  res
}

fn finish(state: &ServerState, worker: &Arc<WorkerSlot>, id: u32, reply: Reply, encoding: Option<compress::Encoding>, is_head: bool, squeeze: Option<&compress::CompressForm>) -> Response<ResBody> {
  let Reply { status, headers, body, notify } = reply;
  let no_body = bodiless(status);
  let Some(mut headers) = parse_headers(&headers, matches!(body, ReplyBody::Stream(_)) && !no_body) else {
    eprintln!("bolt(rust): a response header had an invalid name or value; answered 500");
    return state.fixed.internal_error.to_response(false);
  };
  if let Some(form) = squeeze {
    return finish_with_form(state, worker, id, form, status, headers, body, notify, encoding, is_head, no_body);
  }
  let kind = match reply_kind(state, body, no_body, &mut headers) {
    Ok(kind) => kind,
    Err(failed) => return failed,
  };
  // The engine's own compression of whole bodies (no `compress` form in the app).
  let kind = match (kind, encoding) {
    (Kind::Full(Some(bytes)), Some(enc)) if !is_head && bytes.len() >= state.compress_min && compress::compressible(&headers) => {
      match compress::compress(enc, &bytes) {
        Ok(packed) => {
          headers.insert(http::header::CONTENT_ENCODING, enc.header_value());
          headers.append(http::header::VARY, HeaderValue::from_static("accept-encoding"));
          Kind::Full(Some(Bytes::from(packed)))
        }
        Err(_) => Kind::Full(Some(bytes)),
      }
    }
    (kind, _) => kind,
  };
  respond(worker, id, status, headers, kind, is_head, notify)
}

/// A JS reply's body as the engine sends it, before any compression (none for a bodiless
/// status); a file that cannot be opened is answered 500 instead.
fn reply_kind(state: &ServerState, body: ReplyBody, no_body: bool, headers: &mut http::HeaderMap) -> Result<Kind, Response<ResBody>> {
  Ok(match body {
    ReplyBody::Upgrade(_) => unreachable!("upgrades are answered by ws::accept"),
    _ if no_body => {
      headers.remove(http::header::TRANSFER_ENCODING);
      Kind::Full(None)
    }
    ReplyBody::Stream(s) => Kind::Stream(s),
    ReplyBody::File(path) => match FileBody::open(&path) {
      Ok(file) => Kind::File(file),
      Err(e) => {
        eprintln!("bolt(rust): file {path} could not be opened ({e}); answered 500");
        return Err(state.fixed.internal_error.to_response(false));
      }
    },
    ReplyBody::Bytes(bytes) => Kind::Full(Some(bytes)),
  })
}

/// The response carrying `kind`: a HEAD answer's body is marked unsent, and with `notify` JS hears
/// when its last byte left (or the client went away).
fn respond(worker: &Arc<WorkerSlot>, id: u32, status: StatusCode, headers: http::HeaderMap, kind: Kind, is_head: bool, notify: bool) -> Response<ResBody> {
  let mut body = ResBody::new(kind);
  if is_head {
    body.mark_unsent();
  }
  if notify {
    body.notify(FinishNotice::new(Arc::downgrade(worker), id));
  }
  let mut res = Response::new(body);
  *res.status_mut() = status;
  *res.headers_mut() = headers;
  res
}

/// `finish` under the app's `compress` form: the plugin's decision on the final answer, applied
/// to whole bodies at once and to streams and files chunk by chunk.
#[allow(clippy::too_many_arguments)]
fn finish_with_form(
  state: &ServerState,
  worker: &Arc<WorkerSlot>,
  id: u32,
  form: &compress::CompressForm,
  status: StatusCode,
  mut headers: http::HeaderMap,
  body: ReplyBody,
  notify: bool,
  encoding: Option<compress::Encoding>,
  is_head: bool,
  no_body: bool,
) -> Response<ResBody> {
  let kind = match reply_kind(state, body, no_body, &mut headers) {
    Ok(kind) => kind,
    Err(failed) => return failed,
  };
  let size = match &kind {
    Kind::Full(b) => compress::BodySize::Known(b.as_ref().map_or(0, Bytes::len)),
    Kind::File(f) => compress::BodySize::Known(f.size_hint().exact().unwrap_or(0) as usize),
    _ => compress::BodySize::Unknown,
  };
  let decision = if no_body { None } else { Some(form.decide(status, &mut headers, size, encoding)) };
  let kind = match (decision, kind) {
    (Some(compress::Decision { encoding: Some(enc), settings }), Kind::Full(Some(bytes))) => match compress::compress_with(enc, settings, &bytes) {
      Ok(packed) => Kind::Full(Some(packed)),
      Err(_) => {
        headers.remove(http::header::CONTENT_ENCODING);
        Kind::Full(Some(bytes))
      }
    },
    (Some(compress::Decision { encoding: Some(enc), settings }), kind @ (Kind::File(_) | Kind::Stream(_))) => {
      headers.remove(http::header::TRANSFER_ENCODING);
      Kind::Encoded(Box::new(Encoded::new(kind, compress::Encoder::new(enc, settings, 0))))
    }
    (_, kind) => kind,
  };
  respond(worker, id, status, headers, kind, is_head, notify)
}
