//! WebSocket routes. The upgrade request goes to JavaScript like any request (core runs the
//! route's hooks and binding); when JS accepts it (`WorkerPort.respondUpgrade`), Rust checks the
//! handshake, answers 101 itself, and once hyper hands over the connection tokio-tungstenite parses
//! the frames. Each complete message goes to the JS thread that accepted the socket, as a record in
//! its batch (`batch.rs`), under the id of the request that upgraded. JS sends through
//! `wsSend*`, which queue to the socket's writer; that queue's size is the back-pressure JS sees.
//!
//! One task per socket runs three loops at once: the reader (frames to JS), the writer (JS's
//! messages to the peer, flushed in batches) and the idle watch (pings every half `idleTimeout`,
//! drop after a silent period). The first that ends decides how the socket ends; a message over
//! `maxPayload` is closed with 1009, invalid UTF-8 with 1007, any other protocol error with 1002.
//! Dropping the connection lingers (`linger.rs`), so the close frame is not lost to a reset.

use std::future::pending;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use http::{header, HeaderMap, HeaderValue, Response, StatusCode};
use hyper::upgrade::{OnUpgrade, Upgraded};
use hyper_util::rt::TokioIo;
use tokio::sync::{mpsc, watch, Notify};
use tokio_tungstenite::tungstenite::error::{Error as WsError, ProtocolError};
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::{CloseFrame, Role, WebSocketConfig};
use tokio_tungstenite::tungstenite::{Message, Utf8Bytes};
use tokio_tungstenite::WebSocketStream;

use crate::body::{Kind, ResBody};
use crate::catch_panic::CatchPanic;
use crate::config::WebSocketSpec;
use crate::dispatch::{parse_headers, Reply};
use crate::pending::lock;
use crate::router::byte_limit;
use crate::server::ServerState;
use crate::worker::WorkerSlot;

/// What `wsSend*` tells JavaScript (core's `SendStatus`).
pub const SEND_BUFFERED: u32 = 0;
pub const SEND_SENT: u32 = 1;
pub const SEND_DROPPED: u32 = 2;

/// Queued bytes past which `send` reports back-pressure (lower when the route's `maxBackpressure` is).
const HIGH_WATER: usize = 64 * 1024;
/// How long a closing socket waits for the peer's close frame before it drops the connection.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(5);
/// How long the close frame after a protocol error may take to leave.
const ERROR_CLOSE_TIMEOUT: Duration = Duration::from_secs(1);
/// tungstenite's read buffer, allocated per socket (its default of 128 KiB is a lot per idle socket).
const READ_BUFFER: usize = 16 * 1024;
/// Messages written before one flush.
const WRITE_BATCH: usize = 64;
/// The close code reported when a socket ended without a close frame (RFC 6455 section 7.1.5).
const ABNORMAL: u16 = 1006;
/// A close frame without a code.
const NO_STATUS: u16 = 1005;

/// A WebSocket route's limits as Rust applies them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WsLimits {
  pub max_payload: usize,
  /// `None`: no idle timeout, no pings.
  pub idle: Option<Duration>,
  high_water: usize,
}

impl WsLimits {
  pub fn from_spec(spec: &WebSocketSpec) -> Self {
    let max_payload = usize::try_from(byte_limit(spec.max_payload)).unwrap_or(usize::MAX);
    let idle = Some(spec.idle_timeout).filter(|s| *s > 0.0).and_then(|s| Duration::try_from_secs_f64(s).ok());
    let backpressure = usize::try_from(byte_limit(spec.max_backpressure)).unwrap_or(usize::MAX);
    Self { max_payload, idle, high_water: HIGH_WATER.min(backpressure).max(1) }
  }
}

/// True for a request asking to become a WebSocket (`upgrade: websocket`).
pub fn wants_upgrade(headers: &HeaderMap) -> bool {
  headers.get(header::UPGRADE).is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"websocket"))
}

/// The client's key, when the request is a valid version 13 handshake (RFC 6455 section 4.2.1):
/// 16 bytes in base64, that is 22 characters and `==`.
fn handshake_key(headers: &HeaderMap) -> Option<&[u8]> {
  if headers.get(header::SEC_WEBSOCKET_VERSION)?.as_bytes() != b"13" {
    return None;
  }
  let key = headers.get(header::SEC_WEBSOCKET_KEY)?.as_bytes();
  let base64 = |c: &u8| c.is_ascii_alphanumeric() || *c == b'+' || *c == b'/';
  (key.len() == 24 && key[..22].iter().all(base64) && &key[22..] == b"==").then_some(key)
}

/// Sockets open in a server, so that close waits for them and can drop the rest.
pub struct OpenSockets {
  open: AtomicUsize,
  zero: Notify,
  forced: watch::Sender<bool>,
}

impl Default for OpenSockets {
  fn default() -> Self {
    Self { open: AtomicUsize::new(0), zero: Notify::new(), forced: watch::channel(false).0 }
  }
}

struct SocketGuard(Arc<OpenSockets>);

impl Drop for SocketGuard {
  fn drop(&mut self) {
    if self.0.open.fetch_sub(1, Ordering::AcqRel) == 1 {
      self.0.zero.notify_waiters();
    }
  }
}

impl OpenSockets {
  fn enter(self: &Arc<Self>) -> SocketGuard {
    self.open.fetch_add(1, Ordering::AcqRel);
    SocketGuard(self.clone())
  }

  /// Resolves once no socket is open.
  pub async fn wait_idle(&self) {
    loop {
      let notified = self.zero.notified();
      if self.open.load(Ordering::Acquire) == 0 {
        return;
      }
      notified.await;
    }
  }

  /// Drops every open socket without a closing handshake (the grace period is over).
  pub fn terminate_all(&self) {
    self.forced.send_replace(true);
  }
}

/// What JavaScript queues for a socket.
enum Out {
  Message(Message, usize),
  Ping,
  Close(CloseFrame),
}

/// State the JS side and the socket task share.
struct Shared {
  /// Bytes queued by JS and not yet flushed to the kernel (`bufferedAmount`).
  queued: AtomicUsize,
  high_water: usize,
  /// `send` reported back-pressure: a `w` record follows once the queue is low again.
  wants_drain: AtomicBool,
  /// A close frame was sent or received: further sends are dropped.
  closing: AtomicBool,
  /// Drop the connection now (`wsTerminate`, the worker is gone).
  kill: Notify,
}

impl Shared {
  fn low_water(&self) -> usize {
    self.high_water / 4
  }

  /// `n` queued bytes reached the kernel; true when JS is to be told the queue drained.
  fn flushed(&self, n: usize) -> bool {
    let left = self.queued.fetch_sub(n, Ordering::AcqRel) - n;
    left <= self.low_water() && self.wants_drain.swap(false, Ordering::AcqRel)
  }
}

/// A socket as its JS thread reaches it, kept in the worker's socket table. Dropping it (the
/// worker is gone) drops the connection.
pub struct SocketHandle {
  tx: mpsc::UnboundedSender<Out>,
  shared: Arc<Shared>,
}

impl Drop for SocketHandle {
  fn drop(&mut self) {
    self.shared.kill.notify_one();
  }
}

impl SocketHandle {
  /// Queues a text message.
  pub fn send_text(&self, text: String) -> u32 {
    let len = text.len();
    self.send(Message::Text(Utf8Bytes::from(text)), len)
  }

  /// Queues a binary message, or a text message given as UTF-8 bytes (dropped when they are not).
  pub fn send_bytes(&self, data: Bytes, binary: bool) -> u32 {
    let len = data.len();
    if binary {
      return self.send(Message::Binary(data), len);
    }
    match Utf8Bytes::try_from(data) {
      Ok(text) => self.send(Message::Text(text), len),
      Err(_) => SEND_DROPPED,
    }
  }

  fn send(&self, message: Message, len: usize) -> u32 {
    let s = &self.shared;
    if s.closing.load(Ordering::Acquire) {
      return SEND_DROPPED;
    }
    let queued = s.queued.fetch_add(len, Ordering::AcqRel) + len;
    if self.tx.send(Out::Message(message, len)).is_err() {
      return SEND_DROPPED;
    }
    if queued <= s.high_water {
      return SEND_SENT;
    }
    s.wants_drain.store(true, Ordering::Release);
    // The writer may have flushed everything between our add and the store: re-check so that a
    // drain is never owed for a queue that is already empty.
    if s.queued.load(Ordering::Acquire) <= s.low_water() && s.wants_drain.swap(false, Ordering::AcqRel) {
      return SEND_SENT;
    }
    SEND_BUFFERED
  }

  pub fn buffered(&self) -> usize {
    self.shared.queued.load(Ordering::Acquire)
  }

  /// Starts the closing handshake (once); the reason is cut to fit a control frame.
  pub fn close(&self, code: u16, reason: &str) {
    if self.shared.closing.swap(true, Ordering::AcqRel) {
      return;
    }
    // 1005, 1006 and 1015 must never be sent (RFC 6455 section 7.4.1).
    let code = match code {
      NO_STATUS | ABNORMAL | 1015 => 1000,
      c => c,
    };
    let mut end = reason.len().min(123);
    while !reason.is_char_boundary(end) {
      end -= 1;
    }
    let frame = CloseFrame { code: CloseCode::from(code), reason: Utf8Bytes::from(reason[..end].to_owned()) };
    let _ = self.tx.send(Out::Close(frame));
  }

  /// Drops the connection without a closing handshake.
  pub fn terminate(&self) {
    self.shared.closing.store(true, Ordering::Release);
    self.shared.kill.notify_one();
  }
}

/// Answers request `id`, which JS accepted as a WebSocket: the 101 response (with JS's headers),
/// and the socket's task, which starts once hyper has written it. A request that cannot become a
/// socket (no valid handshake) is answered 400 and reported to JS as closed.
pub fn accept(
  state: &Arc<ServerState>,
  worker: &Arc<WorkerSlot>,
  id: u32,
  request: &HeaderMap,
  upgrade: Option<(WsLimits, OnUpgrade)>,
  reply: Reply,
) -> Response<ResBody> {
  let refuse = |res: Response<ResBody>| {
    worker.push_ws(true, |b| b.push_ws_closed(id, ABNORMAL, ""));
    res
  };
  let Some((limits, on_upgrade)) = upgrade else {
    // JS accepted a request Rust did not take as an upgrade (not a GET with `upgrade: websocket`
    // at a WebSocket route): a bug on one side, never a socket.
    eprintln!("bolt(rust): an upgrade was accepted for a request that is not one; answered 500");
    return refuse(state.fixed.internal_error.to_response(true));
  };
  let Some(key) = handshake_key(request) else {
    return refuse(state.fixed.bad_request.to_response(true));
  };
  let Some(mut headers) = parse_headers(&reply.headers, false) else {
    eprintln!("bolt(rust): a 101 header had an invalid name or value; answered 500");
    return refuse(state.fixed.internal_error.to_response(true));
  };
  let Ok(accept) = HeaderValue::from_str(&derive_accept_key(key)) else {
    return refuse(state.fixed.internal_error.to_response(true));
  };
  headers.insert(header::UPGRADE, HeaderValue::from_static("websocket"));
  headers.insert(header::CONNECTION, HeaderValue::from_static("upgrade"));
  headers.insert(header::SEC_WEBSOCKET_ACCEPT, accept);

  let (tx, rx) = mpsc::unbounded_channel();
  let shared = Arc::new(Shared {
    queued: AtomicUsize::new(0),
    high_water: limits.high_water,
    wants_drain: AtomicBool::new(false),
    closing: AtomicBool::new(false),
    kill: Notify::new(),
  });
  lock(&worker.sockets).insert(id, SocketHandle { tx: tx.clone(), shared: shared.clone() });
  let socket = Socket { worker: worker.clone(), id, limits, shared, pings: tx };
  let guard = state.sockets.enter();
  let forced = state.sockets.forced.subscribe();
  tokio::spawn(async move {
    let _guard = guard;
    let worker = socket.worker.clone();
    if let Err(msg) = CatchPanic::new(socket.run(on_upgrade, rx, forced)).await {
      eprintln!("bolt(rust): a WebSocket task panicked ({msg}); socket dropped");
      ended(&worker, id, 1011, "internal error");
    }
  });

  let mut res = Response::new(ResBody::new(Kind::Full(None)));
  *res.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
  *res.headers_mut() = headers;
  res
}

/// The socket left: forget it and tell JS (at once, so that a closing server's last records are
/// delivered before it lets go of the JS threads).
fn ended(worker: &WorkerSlot, id: u32, code: u16, reason: &str) {
  let handle = lock(&worker.sockets).remove(&id);
  drop(handle);
  worker.push_ws(true, |b| b.push_ws_closed(id, code, reason));
}

type Io = TokioIo<Upgraded>;

/// How the socket's loops ended.
enum End {
  /// The stream ended; with the peer's close frame (code, reason) when one came.
  Closed(Option<(u16, String)>),
  /// The peer broke the protocol: close with this code and reason.
  Failed(u16, &'static str),
  /// Dropped without a closing handshake: terminated, idle, or no close reply in time.
  Dropped,
}

struct Socket {
  worker: Arc<WorkerSlot>,
  id: u32,
  limits: WsLimits,
  shared: Arc<Shared>,
  /// The idle watch queues its pings with the messages.
  pings: mpsc::UnboundedSender<Out>,
}

impl Socket {
  async fn run(self, on_upgrade: OnUpgrade, mut rx: mpsc::UnboundedReceiver<Out>, mut forced: watch::Receiver<bool>) {
    let upgraded = tokio::select! {
      up = on_upgrade => up.ok(),
      _ = forced.wait_for(|f| *f) => None,
    };
    let Some(upgraded) = upgraded else {
      // The client left before the handshake completed.
      ended(&self.worker, self.id, ABNORMAL, "");
      return;
    };
    let config = WebSocketConfig::default()
      .read_buffer_size(READ_BUFFER)
      .max_message_size(Some(self.limits.max_payload))
      .max_frame_size(Some(self.limits.max_payload));
    let ws = WebSocketStream::from_raw_socket(TokioIo::new(upgraded), Role::Server, Some(config)).await;
    self.worker.push_ws(false, |b| b.push_ws_open(self.id));
    let (mut sink, mut stream) = ws.split();
    let heard = AtomicBool::new(true);
    let end = tokio::select! {
      end = self.read(&mut stream, &heard) => end,
      end = self.write(&mut sink, &mut rx) => end,
      end = self.watch_idle(&heard) => end,
      () = self.shared.kill.notified() => End::Dropped,
      _ = forced.wait_for(|f| *f) => End::Dropped,
    };
    self.shared.closing.store(true, Ordering::Release);
    let (code, reason) = match end {
      End::Closed(Some((code, reason))) => (code, reason),
      End::Closed(None) | End::Dropped => (ABNORMAL, String::new()),
      End::Failed(code, reason) => {
        let frame = CloseFrame { code: CloseCode::from(code), reason: Utf8Bytes::from_static(reason) };
        let _ = tokio::time::timeout(ERROR_CLOSE_TIMEOUT, sink.send(Message::Close(Some(frame)))).await;
        (code, reason.to_owned())
      }
    };
    // Dropping the halves drops the connection, which sends FIN and drains what still arrives.
    drop((sink, stream));
    ended(&self.worker, self.id, code, &reason);
  }

  /// Hands every complete message to JS until the stream ends.
  async fn read(&self, stream: &mut SplitStream<WebSocketStream<Io>>, heard: &AtomicBool) -> End {
    let mut peer_close = None;
    while let Some(item) = stream.next().await {
      heard.store(true, Ordering::Relaxed);
      match item {
        Ok(Message::Text(text)) => self.worker.push_ws(false, |b| b.push_ws_message(self.id, text.as_bytes(), false)),
        Ok(Message::Binary(data)) => self.worker.push_ws(false, |b| b.push_ws_message(self.id, &data, true)),
        Ok(Message::Close(frame)) => {
          // tungstenite answers a peer's close frame itself; the stream ends once it is sent.
          self.shared.closing.store(true, Ordering::Release);
          peer_close = Some(frame.map_or((NO_STATUS, String::new()), |f| (u16::from(f.code), f.reason.to_string())));
        }
        Ok(_) => {}
        Err(e) => return failure(&e).map_or(End::Closed(peer_close), |(code, reason)| End::Failed(code, reason)),
      }
    }
    End::Closed(peer_close)
  }

  /// Writes what JS queued, a batch of messages per flush, until the socket closes.
  async fn write(&self, sink: &mut SplitSink<WebSocketStream<Io>, Message>, rx: &mut mpsc::UnboundedReceiver<Out>) -> End {
    while let Some(first) = rx.recv().await {
      let mut bytes = 0;
      let mut close = None;
      let mut next = Some(first);
      let mut count = 0;
      let mut ok = true;
      while let Some(out) = next.take() {
        match out {
          Out::Message(message, len) => {
            bytes += len;
            ok = sink.feed(message).await.is_ok();
          }
          Out::Ping => ok = sink.feed(Message::Ping(Bytes::new())).await.is_ok(),
          Out::Close(frame) => close = Some(frame),
        }
        count += 1;
        if ok && close.is_none() && count < WRITE_BATCH {
          next = rx.try_recv().ok();
        }
      }
      ok = ok && sink.flush().await.is_ok();
      if self.shared.flushed(bytes) {
        self.worker.push_ws(false, |b| b.push_ws_drain(self.id));
      }
      if let Some(frame) = close {
        let _ = sink.send(Message::Close(Some(frame))).await;
        // The reader ends the socket when the peer's close frame comes back; this, when it does not.
        tokio::time::sleep(CLOSE_TIMEOUT).await;
        return End::Dropped;
      }
      if !ok {
        // Closing (after the peer's close frame) or broken: the reader sees the end. Should it not,
        // the connection is dropped after a while.
        self.shared.closing.store(true, Ordering::Release);
        tokio::time::sleep(CLOSE_TIMEOUT).await;
        return End::Dropped;
      }
    }
    pending().await
  }

  /// Pings every half idle period; a peer that sent nothing since the last ping is dropped.
  async fn watch_idle(&self, heard: &AtomicBool) -> End {
    let Some(idle) = self.limits.idle else { return pending().await };
    let mut tick = tokio::time::interval(idle / 2);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    tick.tick().await;
    loop {
      tick.tick().await;
      if !heard.swap(false, Ordering::Relaxed) {
        return End::Dropped;
      }
      let _ = self.pings.send(Out::Ping);
    }
  }
}

/// The close code and reason a read error calls for; `None` when the connection is gone (no close
/// frame can be sent).
fn failure(e: &WsError) -> Option<(u16, &'static str)> {
  match e {
    WsError::Capacity(_) => Some((1009, "message too big")),
    WsError::Utf8(_) => Some((1007, "invalid UTF-8 in a text message")),
    WsError::Protocol(ProtocolError::ResetWithoutClosingHandshake) => None,
    WsError::Protocol(_) => Some((1002, "protocol error")),
    _ => None,
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
    pairs.iter().map(|(k, v)| (http::HeaderName::from_static(k), HeaderValue::from_static(v))).collect()
  }

  #[test]
  fn checks_the_handshake_key_and_version() {
    let good = headers(&[("sec-websocket-version", "13"), ("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ==")]);
    assert_eq!(handshake_key(&good), Some(&b"dGhlIHNhbXBsZSBub25jZQ=="[..]));
    // RFC 6455's example key and answer.
    assert_eq!(derive_accept_key(b"dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    let old = headers(&[("sec-websocket-version", "8"), ("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ==")]);
    assert_eq!(handshake_key(&old), None);
    let short = headers(&[("sec-websocket-version", "13"), ("sec-websocket-key", "abc")]);
    assert_eq!(handshake_key(&short), None);
    assert_eq!(handshake_key(&headers(&[("sec-websocket-version", "13")])), None);
  }

  #[test]
  fn limits_from_the_spec() {
    let l = WsLimits::from_spec(&WebSocketSpec { max_payload: 1024.0, idle_timeout: 0.0, max_backpressure: 100.0 });
    assert_eq!((l.max_payload, l.idle, l.high_water), (1024, None, 100));
    let l = WsLimits::from_spec(&WebSocketSpec { max_payload: f64::INFINITY, idle_timeout: 2.0, max_backpressure: 1e9 });
    assert_eq!((l.max_payload, l.idle, l.high_water), (usize::MAX, Some(Duration::from_secs(2)), HIGH_WATER));
  }

  #[test]
  fn maps_read_errors_to_close_codes() {
    use tokio_tungstenite::tungstenite::error::CapacityError;
    assert_eq!(failure(&WsError::Capacity(CapacityError::MessageTooLong { size: 2, max_size: 1 })).map(|f| f.0), Some(1009));
    assert_eq!(failure(&WsError::Protocol(ProtocolError::UnmaskedFrameFromClient)).map(|f| f.0), Some(1002));
    assert_eq!(failure(&WsError::Protocol(ProtocolError::ResetWithoutClosingHandshake)), None);
    assert_eq!(failure(&WsError::ConnectionClosed), None);
  }
}
