//! One JS thread as Rust sees it: its dispatcher (one threadsafe function, used only to wake it),
//! its batch of requests waiting to be taken, its pending table, its open response streams and
//! the WebSockets it accepted.

use std::sync::atomic::{AtomicBool, Ordering};
use parking_lot::RwLock;
use tokio::sync::Notify;

use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::Status;

use crate::batch::{Batch, RequestRecord};
use crate::dispatch::Wake;
use crate::pending::{lock, IdMap, Mutex, Pending};
use crate::stream::StreamWriter;
use crate::ws::SocketHandle;

/// A batch this large wakes its JS thread at once; smaller ones wait until the tokio thread runs
/// out of work (see [`WorkerSlot::flush`]), so one wake-up carries every request of that round.
const WAKE_AT: usize = 64;

/// Bytes of WebSocket messages (and request bodies) waiting in the batch past which sockets stop
/// reading until JS takes it: a client sending faster than its JS thread handles messages is held
/// back by TCP instead of growing the batch without end.
const INBOUND_LIMIT: usize = 8 * 1024 * 1024;

/// The dispatcher: called with no arguments to say a batch is waiting; it never throws (it
/// catches everything itself).
pub type Dispatcher = ThreadsafeFunction<Wake, (), Wake, Status, false>;

pub struct WorkerSlot {
  pub index: u32,
  tsfn: RwLock<Option<Dispatcher>>,
  alive: AtomicBool,
  /// True from the wake-up call until JS takes the batch: later requests join it silently.
  scheduled: AtomicBool,
  batch: Mutex<Batch>,
  /// Woken when JS takes the batch (sockets waiting for room read on).
  taken: Notify,
  /// Bodies of the batch JS took last, until it asks for them.
  taken_bodies: Mutex<Vec<u8>>,
  /// Requests handed to this worker and not yet answered (its in-flight count).
  pub pending: Pending,
  pub streams: Mutex<IdMap<StreamWriter>>,
  /// Open WebSockets, by the id of the request that upgraded.
  pub sockets: Mutex<IdMap<SocketHandle>>,
}

impl WorkerSlot {
  pub fn new(index: u32, tsfn: Dispatcher) -> Self {
    Self {
      index,
      tsfn: RwLock::new(Some(tsfn)),
      alive: AtomicBool::new(true),
      scheduled: AtomicBool::new(false),
      batch: Mutex::new(Batch::default()),
      taken: Notify::new(),
      taken_bodies: Mutex::new(Vec::new()),
      pending: Pending::default(),
      streams: Mutex::new(IdMap::default()),
      sockets: Mutex::new(IdMap::default()),
    }
  }

  pub fn is_alive(&self) -> bool {
    self.alive.load(Ordering::Acquire)
  }

  /// Adds a request to the batch. `false`: the JS thread is gone.
  pub fn enqueue(&self, record: &RequestRecord<'_>) -> bool {
    let len = {
      let mut batch = lock(&self.batch);
      batch.push_request(record);
      batch.len
    };
    if len >= WAKE_AT {
      self.wake();
    }
    self.is_alive()
  }

  /// Wakes a JS writer waiting on stream `id`.
  pub fn notify_drain(&self, id: u32) {
    lock(&self.batch).push_drain(id);
    self.wake();
  }

  /// Tells JS how request `id`'s response ended. No wake-up of its own: the record goes with the
  /// next batch, at the latest when this tokio thread next runs out of work.
  pub fn notify_finished(&self, id: u32, aborted: bool) {
    if self.is_alive() {
      lock(&self.batch).push_finished(id, aborted);
    }
  }

  /// Adds a WebSocket event to the batch; `now` wakes JS at once instead of when the tokio thread
  /// runs out of work.
  pub fn push_ws(&self, now: bool, push: impl FnOnce(&mut Batch)) {
    if !self.is_alive() {
      return;
    }
    let len = {
      let mut batch = lock(&self.batch);
      push(&mut batch);
      batch.len
    };
    if now || len >= WAKE_AT {
      self.wake();
    }
  }

  /// Resolves once the batch has room for more inbound messages (see [`INBOUND_LIMIT`]).
  pub async fn inbound_room(&self) {
    loop {
      let taken = self.taken.notified();
      if !self.is_alive() || lock(&self.batch).bodies.len() <= INBOUND_LIMIT {
        return;
      }
      taken.await;
    }
  }

  /// Wakes the JS thread if a batch waits for it. Called when a tokio thread is about to park:
  /// every request read in that round is then in the batch, and JS takes them all at once
  /// instead of waking once per request.
  pub fn flush(&self) {
    if !self.scheduled.load(Ordering::Acquire) && lock(&self.batch).len > 0 {
      self.wake();
    }
  }

  fn wake(&self) {
    if self.scheduled.swap(true, Ordering::AcqRel) {
      return;
    }
    let sent = match self.tsfn.read().as_ref() {
      Some(f) => f.call(Wake, ThreadsafeFunctionCallMode::NonBlocking) == Status::Ok,
      None => false,
    };
    if !sent && self.is_alive() {
      // The JS thread's environment closed under us: its requests answer 500, new ones go elsewhere.
      self.kill();
    }
  }

  /// Hands the waiting batch to JS: its head text, with its bodies kept for [`Self::take_bodies`].
  pub fn take(&self) -> Vec<u8> {
    // Clear the flag first: a request queued after this point wakes JS again, one queued before
    // is in the batch taken below. At worst JS wakes once to an empty batch.
    self.scheduled.store(false, Ordering::Release);
    let taken = std::mem::take(&mut *lock(&self.batch));
    self.taken.notify_waiters();
    *lock(&self.taken_bodies) = taken.bodies;
    taken.head
  }

  pub fn take_bodies(&self) -> Vec<u8> {
    std::mem::take(&mut *lock(&self.taken_bodies))
  }

  /// Takes the worker out of rotation and fails everything it still owed (each request answers 500).
  pub fn kill(&self) {
    self.alive.store(false, Ordering::Release);
    self.release();
    self.pending.clear();
    let streams: Vec<_> = lock(&self.streams).drain().collect();
    drop(streams);
    // Each handle dropped drops its connection.
    let sockets: Vec<_> = lock(&self.sockets).drain().collect();
    drop(sockets);
  }

  /// Releases the threadsafe function so the JS thread's event loop may exit.
  pub fn release(&self) {
    let taken = self.tsfn.write().take();
    drop(taken);
  }
}
