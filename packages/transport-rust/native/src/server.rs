//! A server: its tokio runtime, its listeners, its connections and their orderly shutdown.
//!
//! Close runs in four steps: stop accepting; ask every connection to finish its current request
//! and close (hyper's graceful shutdown); after the grace period, drop what is left; then release
//! every JS dispatcher so each JS thread's event loop may exit. Nothing here exits the process.

use std::convert::Infallible;
use std::net::{SocketAddr, ToSocketAddrs};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::runtime::Runtime;
use tokio::sync::{watch, Notify};

use crate::auto_error::AutoAnswers;
use crate::catch_panic::CatchPanic;
use crate::config::{ServerConfig, BRIDGE_LAYOUT};
use crate::conn::ConnInfo;
use crate::cors::CorsPolicy;
use crate::fixed::FixedSet;
use crate::forms::Forms;
use crate::linger::LingerStream;
use crate::pending::{lock, Mutex};
use crate::router::{byte_limit, RouteTable};
use crate::service;
use crate::worker::WorkerSlot;
use crate::ws::OpenSockets;

/// Shutdown phases broadcast to the accept loops and connections.
const RUNNING: u8 = 0;
const GRACEFUL: u8 = 1;
const FORCED: u8 = 2;

/// Least size of hyper's read buffer. A head that outgrows the buffer gets hyper's own 431
/// (replaced by Bolt's, see `auto_error.rs`); one within it is checked against Bolt's limit per
/// request. The buffer is also what one slow upload holds besides its body, so it stays small.
const HYPER_HEAD_BUFFER: usize = 64 * 1024;

/// What every request task reads.
pub struct ServerState {
  pub table: RouteTable,
  pub fixed: FixedSet,
  pub workers: RwLock<Vec<Arc<WorkerSlot>>>,
  pub max_in_flight: u32,
  pub compress_min: usize,
  /// Largest request head Bolt accepts; over it: 431.
  pub max_header_bytes: usize,
  /// Requests no route matches go to JavaScript (`app.handle`), within this body limit.
  pub unmatched_to_js: bool,
  pub unmatched_body_limit: u64,
  /// Longest pause between two pieces of a body, and the time for a whole request.
  pub body_timeout: Duration,
  pub request_timeout: Duration,
  /// Bolt's bytes for the answers hyper writes by itself.
  pub auto_answers: Arc<AutoAnswers>,
  pub debug_panics: bool,
  /// The `compress` form (the plugin's settings), on the routes that list it.
  pub compress_form: Option<crate::compress::CompressForm>,
  pub unmatched_compress_form: bool,
  /// The root's onSend hooks, reproduced on preflights answered here.
  pub decorations: crate::decorate::Decorations,
  /// CORS preflights answered here (native form `cors`).
  pub cors: Option<CorsPolicy>,
  /// Open WebSockets, which close waits for.
  pub sockets: Arc<OpenSockets>,
  /// Per-route native forms (`jwt`, `rate-limit`).
  pub forms: Forms,
}

impl ServerState {
  /// Wakes every worker whose batch is waiting (a tokio thread is about to go idle).
  pub fn flush_batches(&self) {
    for w in self.workers.read().unwrap_or_else(|e| e.into_inner()).iter() {
      w.flush();
    }
  }

  /// The live worker with the fewest requests in flight, if it is under the cap.
  pub fn pick_worker(&self) -> Option<Arc<WorkerSlot>> {
    let workers = self.workers.read().unwrap_or_else(|e| e.into_inner());
    let best = workers.iter().filter(|w| w.is_alive()).min_by_key(|w| w.pending.len())?;
    (best.pending.len() < self.max_in_flight).then(|| best.clone())
  }
}

/// Counts open connections and wakes `close` when the last one ends.
#[derive(Default)]
struct ConnCount {
  open: AtomicUsize,
  zero: Notify,
}

struct ConnGuard(Arc<ConnCount>);

impl Drop for ConnGuard {
  fn drop(&mut self) {
    if self.0.open.fetch_sub(1, Ordering::AcqRel) == 1 {
      self.0.zero.notify_waiters();
    }
  }
}

pub struct Server {
  pub state: Arc<ServerState>,
  runtime: Mutex<Option<Runtime>>,
  phase: watch::Sender<u8>,
  conns: Arc<ConnCount>,
  http: http1::Builder,
}

impl Server {
  pub fn new(config: ServerConfig) -> Result<Self, String> {
    if config.layout != BRIDGE_LAYOUT {
      return Err(format!(
        "the JavaScript side speaks bridge layout {} but this add-on speaks {BRIDGE_LAYOUT}: rebuild with `pnpm --filter @bolt/transport-rust build`",
        config.layout
      ));
    }
    let table = RouteTable::build(&config.routes, &config.patterns)?;
    let threads = config.threads.unwrap_or(1).max(1) as usize;
    let state_slot: Arc<std::sync::OnceLock<std::sync::Weak<ServerState>>> = Arc::default();
    let on_park = state_slot.clone();
    let runtime = tokio::runtime::Builder::new_multi_thread()
      .worker_threads(threads)
      .thread_name("bolt-http")
      .enable_io()
      .enable_time()
      .on_thread_park(move || {
        // A panic here would take the runtime's only thread down with it: contain it.
        let flushed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
          if let Some(state) = on_park.get().and_then(std::sync::Weak::upgrade) {
            state.flush_batches();
          }
        }));
        if flushed.is_err() {
          eprintln!("bolt(rust): waking the JS workers panicked; requests will wait for the next round");
        }
      })
      .build()
      .map_err(|e| format!("cannot start the tokio runtime: {e}"))?;
    let max_header_bytes = config.max_header_bytes.unwrap_or(16 * 1024) as usize;
    let mut http = http1::Builder::new();
    http
      .timer(TokioTimer::new())
      .keep_alive(true)
      .half_close(false)
      // No pipeline_flush: it holds a finished response back while the read buffer has bytes of
      // a next request, which waits forever when that request is only partly sent.
      .pipeline_flush(false)
      // Well above Bolt's head limit, so Bolt's own check (431 + body) sees most oversized heads.
      .max_buf_size(HYPER_HEAD_BUFFER.max(4 * max_header_bytes))
      .header_read_timeout(Duration::from_millis(u64::from(config.header_timeout_ms.unwrap_or(10_000).max(1))));
    if let Some(n) = config.max_headers {
      http.max_headers(n.max(1) as usize);
    }
    let fixed = FixedSet::from_specs(&config.errors);
    let ms = |v: Option<u32>, default: u32| Duration::from_millis(u64::from(v.unwrap_or(default).max(1)));
    let state = ServerState {
      table,
      auto_answers: Arc::new(AutoAnswers::new(&fixed)),
      fixed,
      unmatched_to_js: config.unmatched_to_js,
      unmatched_body_limit: byte_limit(config.unmatched_body_limit),
      body_timeout: ms(config.body_timeout_ms, 10_000),
      request_timeout: ms(config.request_timeout_ms, 30_000),
      workers: RwLock::new(Vec::new()),
      max_in_flight: config.max_in_flight.unwrap_or(1024).max(1),
      compress_min: config.compress_min_bytes.unwrap_or(1024) as usize,
      max_header_bytes,
      debug_panics: config.debug_panics.unwrap_or(false),
      compress_form: config.compress_form.as_ref().map(crate::compress::CompressForm::from_spec).transpose()?,
      unmatched_compress_form: config.unmatched_compress_form.unwrap_or(false),
      decorations: crate::decorate::Decorations::from_specs(config.decorations.as_deref().unwrap_or_default())?,
      cors: config.cors.as_ref().and_then(CorsPolicy::from_spec),
      sockets: Arc::default(),
      forms: Forms::from_specs(config.native_forms.as_deref().unwrap_or_default(), config.unmatched_forms.clone().unwrap_or_default())?,
    };
    let state = Arc::new(state);
    let _ = state_slot.set(Arc::downgrade(&state));
    Ok(Self {
      state,
      runtime: Mutex::new(Some(runtime)),
      phase: watch::channel(RUNNING).0,
      conns: Arc::new(ConnCount::default()),
      http,
    })
  }

  pub fn add_worker(&self, make: impl FnOnce(u32) -> WorkerSlot) -> Arc<WorkerSlot> {
    let mut workers = self.state.workers.write().unwrap_or_else(|e| e.into_inner());
    let slot = Arc::new(make(workers.len() as u32));
    workers.push(slot.clone());
    slot
  }

  pub fn worker(&self, index: u32) -> Option<Arc<WorkerSlot>> {
    self.state.workers.read().unwrap_or_else(|e| e.into_inner()).get(index as usize).cloned()
  }

  /// Binds `host:port` (with `SO_REUSEPORT` when asked, so several processes share the port) and
  /// starts accepting. Returns the bound port.
  pub fn listen(&self, host: &str, port: u16, reuse_port: bool) -> Result<u16, String> {
    let addr: SocketAddr = (host, port)
      .to_socket_addrs()
      .map_err(|e| format!("cannot resolve {host}: {e}"))?
      .next()
      .ok_or_else(|| format!("{host} resolves to no address"))?;
    let socket = socket2::Socket::new(socket2::Domain::for_address(addr), socket2::Type::STREAM, Some(socket2::Protocol::TCP))
      .map_err(|e| e.to_string())?;
    socket.set_reuse_address(true).map_err(|e| e.to_string())?;
    if reuse_port {
      socket.set_reuse_port(true).map_err(|e| e.to_string())?;
    }
    socket.set_nonblocking(true).map_err(|e| e.to_string())?;
    socket.bind(&addr.into()).map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    socket.listen(1024).map_err(|e| e.to_string())?;
    let std_listener: std::net::TcpListener = socket.into();
    let bound = std_listener.local_addr().map_err(|e| e.to_string())?.port();
    let rt = lock(&self.runtime);
    let rt = rt.as_ref().ok_or("the server is closed")?;
    let _enter = rt.enter();
    let listener = TcpListener::from_std(std_listener).map_err(|e| e.to_string())?;
    rt.spawn(accept_loop(listener, self.state.clone(), self.phase.subscribe(), self.conns.clone(), self.http.clone()));
    Ok(bound)
  }

  /// Stops the server; returns once every connection is gone and every JS handle released.
  pub fn close(&self, grace: Duration) {
    let Some(rt) = lock(&self.runtime).take() else { return };
    let _ = self.phase.send(GRACEFUL);
    let conns = self.conns.clone();
    // WebSockets are closed by JS meanwhile (1001, core's `closeAll`): wait for them too.
    let sockets = self.state.sockets.clone();
    let all_idle = || async {
      wait_idle(&conns).await;
      sockets.wait_idle().await;
    };
    let drained = rt.block_on(async { tokio::time::timeout(grace, all_idle()).await.is_ok() });
    if !drained {
      let _ = self.phase.send(FORCED);
      sockets.terminate_all();
      rt.block_on(async { tokio::time::timeout(Duration::from_secs(1), all_idle()).await.ok() });
    }
    for w in self.state.workers.read().unwrap_or_else(|e| e.into_inner()).iter() {
      w.kill();
    }
    rt.shutdown_timeout(Duration::from_secs(1));
  }
}

async fn wait_idle(conns: &ConnCount) {
  loop {
    let notified = conns.zero.notified();
    if conns.open.load(Ordering::Acquire) == 0 {
      return;
    }
    notified.await;
  }
}

async fn wait_phase(rx: &mut watch::Receiver<u8>, at_least: u8) {
  let _ = rx.wait_for(|p| *p >= at_least).await;
}

async fn accept_loop(listener: TcpListener, state: Arc<ServerState>, mut phase: watch::Receiver<u8>, conns: Arc<ConnCount>, http: http1::Builder) {
  loop {
    tokio::select! {
      biased;
      _ = wait_phase(&mut phase, GRACEFUL) => return,
      accepted = listener.accept() => match accepted {
        Ok((stream, peer)) => {
          let _ = stream.set_nodelay(true);
          let conn = Arc::new(ConnInfo::new(peer_ip(peer).into_boxed_str()));
          conns.open.fetch_add(1, Ordering::AcqRel);
          let guard = ConnGuard(conns.clone());
          tokio::spawn(serve_connection(stream, conn, state.clone(), phase.clone(), http.clone(), guard));
        }
        // Out of file descriptors and the like: back off instead of spinning.
        Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
      }
    }
  }
}

/// The peer's address as Node reports `socket.remoteAddress` (an IPv4 peer of a dual-stack
/// socket keeps its `::ffff:` form).
fn peer_ip(peer: SocketAddr) -> String {
  peer.ip().to_string()
}

async fn serve_connection(
  stream: tokio::net::TcpStream,
  info: Arc<ConnInfo>,
  state: Arc<ServerState>,
  mut phase: watch::Receiver<u8>,
  http: http1::Builder,
  _guard: ConnGuard,
) {
  let io = LingerStream::new(stream, info.clone(), state.auto_answers.clone());
  let conn_info = info.clone();
  let svc = service_fn(move |req| {
    let state = state.clone();
    let info = info.clone();
    async move {
      let fixed = state.fixed.internal_error.clone();
      let mut res = match CatchPanic::new(service::handle(state, info.clone(), req)).await {
        Ok(res) => res,
        Err(msg) => {
          eprintln!("bolt(rust): a request panicked ({msg}); answered 500");
          fixed.to_response(true)
        }
      };
      info.answer_started();
      res.body_mut().on_conn(info);
      Ok::<_, Infallible>(res)
    }
  });
  // With upgrades: a WebSocket's 101 hands the connection over to its task (`ws.rs`).
  let conn = http.serve_connection(TokioIo::new(io), svc).with_upgrades();
  tokio::pin!(conn);
  tokio::select! {
    done = conn.as_mut() => {
      if done.as_ref().is_err_and(hyper::Error::is_timeout) {
        // Marked before `conn` (and the stream in it) is dropped, which sends the 408.
        conn_info.head_timeout_fired();
      }
      return;
    }
    _ = wait_phase(&mut phase, GRACEFUL) => {}
  }
  conn.as_mut().graceful_shutdown();
  tokio::select! {
    _ = conn.as_mut() => {}
    _ = wait_phase(&mut phase, FORCED) => {}
  }
}
