//! One request, start to finish: route, enforce limits, collect the body, hand it to the least
//! busy JS worker, wait for its answer without blocking, compress, and reply.

use std::sync::Arc;

use bytes::{Bytes, BytesMut};
use http::{HeaderValue, Method, Request, Response};
use http_body_util::BodyExt;
use hyper::body::{Body, Incoming};
use tokio::sync::oneshot;

use crate::body::ResBody;
use crate::compress;
use crate::batch::RequestRecord;
use crate::dispatch::{parse_headers, Reply, ReplyBody};
use crate::file::FileBody;
use crate::router::Resolved;
use crate::server::ServerState;

/// Header that makes the request task panic when the server was built with `debugPanics`.
const DEBUG_PANIC_HEADER: &str = "x-bolt-debug-panic";

enum BodyError {
  TooLarge,
  Broken,
}

pub async fn handle(state: Arc<ServerState>, req: Request<Incoming>) -> Response<ResBody> {
  if state.debug_panics && req.headers().contains_key(DEBUG_PANIC_HEADER) {
    panic!("panic requested by {DEBUG_PANIC_HEADER}");
  }
  if head_size(&req) > state.max_header_bytes {
    return state.fixed.headers_too_large.to_response(true);
  }
  let (parts, incoming) = req.into_parts();
  let (route, params) = match state.table.resolve(&parts.method, parts.uri.path()) {
    Resolved::NotFound => return state.fixed.not_found.to_response(false),
    Resolved::Fixed(f) => return f.to_response(false),
    Resolved::Route { route, params } if params.len() == route.param_count => (route, params),
    Resolved::Route { .. } => return state.fixed.not_found.to_response(false),
  };
  // An announced body over the limit is refused before a byte of it is read.
  if incoming.size_hint().lower() > route.body_limit {
    return state.fixed.payload_too_large.to_response(true);
  }
  let encoding = if route.compress { compress::negotiate(parts.headers.get(http::header::ACCEPT_ENCODING)) } else { None };
  let is_head = parts.method == Method::HEAD;
  let body = match collect(incoming, route.body_limit).await {
    Ok(b) => b,
    Err(BodyError::TooLarge) => return state.fixed.payload_too_large.to_response(true),
    Err(BodyError::Broken) => return state.fixed.bad_request.to_response(true),
  };

  let Some(worker) = state.pick_worker() else {
    return state.fixed.unavailable.to_response(false);
  };
  let (tx, rx) = oneshot::channel();
  let id = worker.pending.insert(tx);
  let record = RequestRecord {
    route: route.index,
    id,
    method: &parts.method,
    uri: &parts.uri,
    params: &params,
    headers: &parts.headers,
    names: route.header_names.as_deref(),
    body: body.as_deref(),
  };
  if !worker.enqueue(&record) {
    // The JS thread is gone: take it out of rotation; this request is shed.
    drop(worker.pending.take(id));
    worker.kill();
    return state.fixed.unavailable.to_response(false);
  }
  match rx.await {
    Ok(reply) => finish(&state, reply, encoding, is_head),
    Err(_) => state.fixed.internal_error.to_response(false),
  }
}

/// Bytes of the request head as sent: request line plus `name: value\r\n` per header.
fn head_size(req: &Request<Incoming>) -> usize {
  let line = req.method().as_str().len() + req.uri().path().len() + req.uri().query().map_or(0, |q| q.len() + 1) + 11;
  req.headers().iter().fold(line, |n, (k, v)| n + k.as_str().len() + v.len() + 4)
}

/// Reads the whole body within `limit`; a single-frame body is kept without a copy.
async fn collect(mut body: Incoming, limit: u64) -> Result<Option<Bytes>, BodyError> {
  if body.is_end_stream() {
    return Ok(None);
  }
  let mut first: Option<Bytes> = None;
  let mut rest: Option<BytesMut> = None;
  let mut total: u64 = 0;
  while let Some(frame) = body.frame().await {
    let frame = frame.map_err(|_| BodyError::Broken)?;
    let Ok(data) = frame.into_data() else { continue };
    total += data.len() as u64;
    if total > limit {
      return Err(BodyError::TooLarge);
    }
    match (&mut first, &mut rest) {
      (None, _) => first = Some(data),
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

fn finish(state: &ServerState, reply: Reply, encoding: Option<compress::Encoding>, is_head: bool) -> Response<ResBody> {
  let Reply { status, headers, body } = reply;
  let Some(mut headers) = parse_headers(&headers, matches!(body, ReplyBody::Stream(_))) else {
    eprintln!("bolt(rust): a response header had an invalid name or value; answered 500");
    return state.fixed.internal_error.to_response(false);
  };
  let body = match body {
    ReplyBody::Stream(s) => ResBody::Stream(s),
    ReplyBody::File(path) => match FileBody::open(&path) {
      Ok(file) => ResBody::File(file),
      Err(e) => {
        eprintln!("bolt(rust): file {path} could not be opened ({e}); answered 500");
        return state.fixed.internal_error.to_response(false);
      }
    },
    ReplyBody::Bytes(bytes) => {
      let bytes = match encoding {
        Some(enc) if !is_head && bytes.len() >= state.compress_min && compress::compressible(&headers) => {
          match compress::compress(enc, &bytes) {
            Ok(packed) => {
              headers.insert(http::header::CONTENT_ENCODING, enc.header_value());
              headers.append(http::header::VARY, HeaderValue::from_static("accept-encoding"));
              Bytes::from(packed)
            }
            Err(_) => bytes,
          }
        }
        _ => bytes,
      };
      ResBody::full(bytes)
    }
  };
  let mut res = Response::new(body);
  *res.status_mut() = status;
  *res.headers_mut() = headers;
  res
}
