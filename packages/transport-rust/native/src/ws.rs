//! WebSocket routes. An upgrade request (a valid version 13 handshake; anything else at a
//! WebSocket route is answered 400 here) goes to JavaScript like any request: core runs the route's
//! hooks and binding. When JS accepts it (`WorkerPort.respondUpgrade`) the socket exists at once,
//! so JS may send and close before the handshake is on the wire; Rust answers 101 itself, and once
//! hyper hands over the connection tokio-tungstenite parses the frames. Each complete message goes to the JS thread that accepted the socket, as a record in
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
use std::sync::{Arc, Weak};
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
use crate::dispatch::parse_headers;
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

/// What Rust keeps of an upgrade request while JS decides: the connection and the accept key.
pub struct Handshake {
  limits: WsLimits,
  on_upgrade: OnUpgrade,
  accept: HeaderValue,
}

impl Handshake {
  /// For a GET with `upgrade: websocket` at a WebSocket route: the handshake, or `Err` when it is
  /// not a valid one (answered 400 without JS). `Ok(None)` for any other request.
  pub fn take(
    websocket: Option<WsLimits>,
    method: &http::Method,
    headers: &HeaderMap,
    extensions: &mut http::Extensions,
  ) -> Result<Option<Self>, ()> {
    let Some(limits) = websocket.filter(|_| method == http::Method::GET && wants_upgrade(headers)) else {
      return Ok(None);
    };
    let accept = handshake_key(headers).and_then(|key| HeaderValue::from_str(&derive_accept_key(key)).ok());
    // hyper offers the connection only for an HTTP/1.1 request.
    match (accept, extensions.remove::<OnUpgrade>()) {
      (Some(accept), Some(on_upgrade)) => Ok(Some(Self { limits, on_upgrade, accept })),
      _ => Err(()),
    }
  }
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
  /// The route's threshold, set when Rust takes the accepted upgrade (64 KiB until then).
  high_water: AtomicUsize,
  /// `send` reported back-pressure: a `w` record follows once the queue is low again.
  wants_drain: AtomicBool,
  /// A close frame was sent or received: further sends are dropped.
  closing: AtomicBool,
  /// Drop the connection now (`wsTerminate`, the worker is gone).
  kill: Notify,
}

impl Shared {
  fn high_water(&self) -> usize {
    self.high_water.load(Ordering::Relaxed)
  }

  fn low_water(&self) -> usize {
    self.high_water() / 4
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
    if queued <= s.high_water() {
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

/// A socket JS just accepted (request `id` of `worker`): the handle JS keeps and what the socket
/// task takes over.
pub fn socket(worker: Weak<WorkerSlot>, id: u32) -> (SocketHandle, SocketParts) {
  let (tx, rx) = mpsc::unbounded_channel();
  let shared = Arc::new(Shared {
    queued: AtomicUsize::new(0),
    high_water: AtomicUsize::new(HIGH_WATER),
    wants_drain: AtomicBool::new(false),
    closing: AtomicBool::new(false),
    kill: Notify::new(),
  });
  let handle = SocketHandle { tx: tx.clone(), shared: shared.clone() };
  (handle, SocketParts { task: Some((rx, tx, shared)), worker, id })
}

/// The socket task's side of an accepted socket, handed over with JS's 101 answer. Dropped
/// unused (the client left before its upgrade was answered, or the answer failed), it reports the
/// socket closed, so JS's session always ends.
pub struct SocketParts {
  task: Option<(mpsc::UnboundedReceiver<Out>, mpsc::UnboundedSender<Out>, Arc<Shared>)>,
  worker: Weak<WorkerSlot>,
  id: u32,
}

impl Drop for SocketParts {
  fn drop(&mut self) {
    if self.task.is_some() {
      if let Some(worker) = self.worker.upgrade() {
        ended(&worker, self.id, ABNORMAL, "");
      }
    }
  }
}

/// Answers request `id`, which JS accepted as a WebSocket: the 101 response (with JS's headers),
/// and the socket's task, which starts once hyper has written it.
pub fn accept(
  state: &Arc<ServerState>,
  worker: &Arc<WorkerSlot>,
  id: u32,
  handshake: Option<Handshake>,
  headers: &str,
  mut parts: SocketParts,
) -> Response<ResBody> {
  // On the failures below `parts` is dropped unused, which reports the socket closed.
  let Some(Handshake { limits, on_upgrade, accept }) = handshake else {
    // Only a request Rust took as a handshake can be accepted (core answers 101 to no other).
    eprintln!("bolt(rust): an upgrade was accepted for a request that is not one; answered 500");
    return state.fixed.internal_error.to_response(true);
  };
  let Some(mut headers) = parse_headers(headers, false) else {
    eprintln!("bolt(rust): a 101 header had an invalid name or value; answered 500");
    return state.fixed.internal_error.to_response(true);
  };
  let Some((rx, pings, shared)) = parts.task.take() else {
    return state.fixed.internal_error.to_response(true);
  };
  headers.insert(header::UPGRADE, HeaderValue::from_static("websocket"));
  headers.insert(header::CONNECTION, HeaderValue::from_static("upgrade"));
  headers.insert(header::SEC_WEBSOCKET_ACCEPT, accept);

  shared.high_water.store(limits.high_water, Ordering::Relaxed);
  let socket = Socket { worker: worker.clone(), id, limits, shared, pings };
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
    loop {
      // Read on only while JS keeps up (TCP holds the peer back meanwhile).
      self.worker.inbound_room().await;
      let Some(item) = stream.next().await else { break };
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
