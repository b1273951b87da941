//! The functions and the class JavaScript calls. Every entry point catches panics (napi-rs
//! `catch_unwind`), so a bug here throws a JS error instead of aborting the process.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::StatusCode;
use napi::bindgen_prelude::{AsyncTask, Buffer, Function};
use napi::JsString;
use napi::{Env, Error, Result, Status, Task};

use crate::config::{ServerConfig, BRIDGE_LAYOUT};
use crate::dispatch::{Reply, ReplyBody};
use crate::pending::lock;
use crate::registry;
use crate::server::Server;
use crate::stream::{self, WRITE_GONE};
use crate::worker::WorkerSlot;
use crate::ws::{self, SocketHandle, SEND_DROPPED};

fn err(msg: impl Into<String>) -> Error {
  Error::new(Status::InvalidArg, msg.into())
}

fn server(id: u32) -> Result<Arc<Server>> {
  registry::get(id).ok_or_else(|| err(format!("no Bolt server with id {id} (closed already?)")))
}

/// The bridge layout this add-on speaks (`config.rs`); JavaScript refuses an add-on of another.
#[napi]
pub fn bridge_layout() -> u32 {
  BRIDGE_LAYOUT
}

/// Returns `config` as Rust read it, so a test can check that every field crosses the bridge
/// (a field JavaScript misnames is silently absent here).
#[napi(catch_unwind)]
pub fn echo_server_config(config: ServerConfig) -> ServerConfig {
  config
}

/// Creates a server from the compiled app's routes and Bolt's fixed responses; returns its id.
#[napi(catch_unwind)]
pub fn create_server(config: ServerConfig) -> Result<u32> {
  let s = Server::new(config).map_err(err)?;
  Ok(registry::insert(s))
}

/// Attaches the calling JS thread's dispatcher to server `server_id`. The dispatcher is called
/// without arguments when a batch is waiting; it takes it with `WorkerPort.take` (see `batch.rs`).
#[napi(catch_unwind)]
pub fn attach_worker(server_id: u32, dispatcher: Function<'_, (), ()>) -> Result<WorkerPort> {
  let s = server(server_id)?;
  let tsfn = dispatcher.build_threadsafe_function::<crate::dispatch::Wake>().callee_handled::<false>().build_callback(|ctx| Ok(ctx.value))?;
  let slot = s.add_worker(|index| WorkerSlot::new(index, tsfn));
  Ok(WorkerPort { slot })
}

/// Binds and starts accepting; returns the bound port.
#[napi(catch_unwind)]
pub fn listen(server_id: u32, host: String, port: u32, reuse_port: bool) -> Result<u32> {
  let port = u16::try_from(port).map_err(|_| err(format!("port {port} is out of range")))?;
  server(server_id)?.listen(&host, port, reuse_port).map(u32::from).map_err(|m| Error::new(Status::GenericFailure, m))
}

/// Takes worker `index` out of rotation (its thread exited); its waiting requests answer 500.
#[napi(catch_unwind)]
pub fn worker_exited(server_id: u32, index: u32) -> Result<()> {
  if let Some(w) = registry::get(server_id).and_then(|s| s.worker(index)) {
    w.kill();
  }
  Ok(())
}

pub struct CloseTask {
  server_id: u32,
  grace: Duration,
}

impl Task for CloseTask {
  type Output = ();
  type JsValue = ();

  // Runs on a libuv pool thread, so JS keeps answering in-flight requests while this waits.
  fn compute(&mut self) -> Result<()> {
    let Some(s) = registry::remove(self.server_id) else { return Ok(()) };
    let grace = self.grace;
    catch_unwind(AssertUnwindSafe(|| s.close(grace))).map_err(|_| Error::new(Status::GenericFailure, "closing the server panicked"))
  }

  fn resolve(&mut self, _env: Env, _output: ()) -> Result<()> {
    Ok(())
  }
}

/// Closes server `server_id`, letting in-flight requests finish within `grace_ms`.
#[napi]
pub fn close_server(server_id: u32, grace_ms: u32) -> AsyncTask<CloseTask> {
  AsyncTask::new(CloseTask { server_id, grace: Duration::from_millis(u64::from(grace_ms)) })
}

/// A JS thread's way back into Rust: answers and streams for the requests it was given.
#[napi]
pub struct WorkerPort {
  slot: Arc<WorkerSlot>,
}

impl WorkerPort {
  /// Hands the answer to the waiting request; `false` when it is gone (client left, server closed).
  fn deliver(&self, id: u32, status: u32, headers: String, body: ReplyBody, notify: Option<bool>) -> bool {
    let Some(tx) = self.slot.pending.take(id) else { return false };
    let notify = notify.unwrap_or(false);
    let reply = match u16::try_from(status).ok().and_then(|s| StatusCode::from_u16(s).ok()) {
      Some(status) => Reply { status, headers, body, notify },
      None => {
        eprintln!("bolt(rust): invalid status {status} in a response; answered 500");
        Reply { status: StatusCode::INTERNAL_SERVER_ERROR, headers: String::new(), body: ReplyBody::Bytes(Bytes::new()), notify }
      }
    };
    tx.send(reply).is_ok()
  }
}

#[napi]
impl WorkerPort {
  /// Index of this worker in its server.
  #[napi(getter)]
  pub fn index(&self) -> u32 {
    self.slot.index
  }

  /// Takes the waiting batch (see `batch.rs`): `''` when there is none.
  #[napi(catch_unwind)]
  pub fn take<'e>(&self, env: &'e Env) -> Result<JsString<'e>> {
    env.create_string_latin1(self.slot.take())
  }

  /// The bodies of the batch taken last, concatenated in record order.
  #[napi(catch_unwind)]
  pub fn take_bodies(&self) -> Buffer {
    Buffer::from(self.slot.take_bodies())
  }

  /// Answers request `id` with a text body. `headers` is `name\0value\0...`. With `notify`, an
  /// `f` record follows once hyper is done with the response. `false`: the request is gone.
  #[napi(catch_unwind)]
  pub fn respond_text(&self, id: u32, status: u32, headers: String, body: String, notify: Option<bool>) -> bool {
    self.deliver(id, status, headers, ReplyBody::Bytes(Bytes::from(body)), notify)
  }

  /// Answers request `id` with a byte body (copied).
  #[napi(catch_unwind)]
  pub fn respond_bytes(&self, id: u32, status: u32, headers: String, body: &[u8], notify: Option<bool>) -> bool {
    self.deliver(id, status, headers, ReplyBody::Bytes(Bytes::copy_from_slice(body)), notify)
  }

  /// Answers request `id` with the file at `path`, read and sent by Rust (`content-length` is the
  /// opened file's size; a `content-length` in `headers` is ignored).
  #[napi(catch_unwind)]
  pub fn respond_file(&self, id: u32, status: u32, headers: String, path: String, notify: Option<bool>) -> bool {
    self.deliver(id, status, headers, ReplyBody::File(path), notify)
  }

  /// Answers request `id` with no body.
  #[napi(catch_unwind)]
  pub fn respond_empty(&self, id: u32, status: u32, headers: String, notify: Option<bool>) -> bool {
    self.deliver(id, status, headers, ReplyBody::Bytes(Bytes::new()), notify)
  }

  /// Starts a streamed answer; `false` when the request is gone (client left, server closed).
  #[napi(catch_unwind)]
  pub fn start_stream(&self, id: u32, status: u32, headers: String, notify: Option<bool>) -> bool {
    let (writer, body) = stream::channel(id, Arc::downgrade(&self.slot));
    lock(&self.slot.streams).insert(id, writer);
    let delivered = self.deliver(id, status, headers, ReplyBody::Stream(body), notify);
    if !delivered {
      lock(&self.slot.streams).remove(&id);
    }
    delivered
  }

  /// Queues a chunk: 0 go on, 1 wait for the drain event, 2 the client is gone (stop).
  #[napi(catch_unwind)]
  pub fn stream_write(&self, id: u32, chunk: &[u8]) -> u32 {
    self.write(id, Bytes::copy_from_slice(chunk))
  }

  /// Queues a text chunk, same answers as `streamWrite`.
  #[napi(catch_unwind)]
  pub fn stream_write_text(&self, id: u32, chunk: String) -> u32 {
    self.write(id, Bytes::from(chunk))
  }

  /// Ends a stream normally.
  #[napi(catch_unwind)]
  pub fn stream_end(&self, id: u32) {
    if let Some(w) = lock(&self.slot.streams).remove(&id) {
      w.end();
    }
  }

  /// Ends a stream with an error: the connection is closed, the client sees a truncated body.
  #[napi(catch_unwind)]
  pub fn stream_abort(&self, id: u32) {
    if let Some(w) = lock(&self.slot.streams).remove(&id) {
      w.abort();
    }
  }
}

/// WebSockets (see `ws.rs`). A socket keeps the id of the request that upgraded; calls for a
/// socket that is gone do nothing (sends answer Dropped).
#[napi]
impl WorkerPort {
  /// Accepts request `id` as a WebSocket: from now on the socket `id` takes sends and closes; Rust
  /// answers 101 with `headers` (`name\0value\0...`, e.g. the chosen `sec-websocket-protocol`) and
  /// reports the socket as `m`/`b`, `w` and `c` records. `false`: the request is gone.
  #[napi(catch_unwind)]
  pub fn respond_upgrade(&self, id: u32, headers: String) -> bool {
    let (handle, parts) = ws::socket(Arc::downgrade(&self.slot), id);
    lock(&self.slot.sockets).insert(id, handle);
    let delivered = self.deliver(id, 101, headers, ReplyBody::Upgrade(parts), None);
    if !delivered {
      lock(&self.slot.sockets).remove(&id);
    }
    delivered
  }

  /// Queues a text message: 0 buffered (a `w` record follows), 1 sent, 2 dropped (closing or gone).
  #[napi(catch_unwind)]
  pub fn ws_send_text(&self, id: u32, text: String) -> u32 {
    self.socket(id, |s| s.send_text(text)).unwrap_or(SEND_DROPPED)
  }

  /// Queues a message given as bytes (copied): binary, or text when `binary` is false (dropped
  /// when not UTF-8). Same answers as `wsSendText`.
  #[napi(catch_unwind)]
  pub fn ws_send_bytes(&self, id: u32, data: &[u8], binary: bool) -> u32 {
    self.socket(id, |s| s.send_bytes(Bytes::copy_from_slice(data), binary)).unwrap_or(SEND_DROPPED)
  }

  /// Bytes queued for the socket and not yet written to it.
  #[napi(catch_unwind)]
  pub fn ws_buffered(&self, id: u32) -> f64 {
    self.socket(id, |s| s.buffered() as f64).unwrap_or(0.0)
  }

  /// Starts the closing handshake with `code` and `reason` (cut to 123 bytes).
  #[napi(catch_unwind)]
  pub fn ws_close(&self, id: u32, code: u32, reason: String) {
    self.socket(id, |s| s.close(u16::try_from(code).unwrap_or(1000), &reason));
  }

  /// Drops the connection without a closing handshake.
  #[napi(catch_unwind)]
  pub fn ws_terminate(&self, id: u32) {
    self.socket(id, SocketHandle::terminate);
  }
}

impl WorkerPort {
  fn socket<R>(&self, id: u32, f: impl FnOnce(&SocketHandle) -> R) -> Option<R> {
    lock(&self.slot.sockets).get(&id).map(f)
  }

  fn write(&self, id: u32, data: Bytes) -> u32 {
    let mut streams = lock(&self.slot.streams);
    let Some(w) = streams.get(&id) else { return WRITE_GONE };
    let r = w.write(data);
    if r == WRITE_GONE {
      streams.remove(&id);
    }
    r
  }
}
