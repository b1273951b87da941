//! One JS thread as Rust sees it: its dispatcher (one threadsafe function), its requests in flight,
//! its pending table and its open response streams.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, RwLock};

use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::Status;

use crate::dispatch::Job;
use crate::pending::{lock, IdMap, Pending};
use crate::stream::StreamWriter;

/// The dispatcher: called with a [`Job`], its return value ignored, a throw is the dispatcher's bug
/// (it catches everything itself).
pub type Dispatcher = ThreadsafeFunction<Job, (), Job, Status, false>;

pub struct WorkerSlot {
  pub index: u32,
  tsfn: RwLock<Option<Dispatcher>>,
  alive: AtomicBool,
  /// Requests handed to this worker and not yet answered (its in-flight count).
  pub pending: Pending,
  pub streams: Mutex<IdMap<StreamWriter>>,
}

impl WorkerSlot {
  pub fn new(index: u32, tsfn: Dispatcher) -> Self {
    Self {
      index,
      tsfn: RwLock::new(Some(tsfn)),
      alive: AtomicBool::new(true),
      pending: Pending::default(),
      streams: Mutex::new(IdMap::default()),
    }
  }

  pub fn is_alive(&self) -> bool {
    self.alive.load(Ordering::Acquire)
  }

  /// Queues a job for the JS thread. `false` means the thread is gone (its env closed).
  pub fn send(&self, job: Job) -> bool {
    let guard = self.tsfn.read().unwrap_or_else(|e| e.into_inner());
    match guard.as_ref() {
      Some(f) => f.call(job, ThreadsafeFunctionCallMode::NonBlocking) == Status::Ok,
      None => false,
    }
  }

  /// Wakes a JS writer waiting on stream `id`.
  pub fn notify_drain(&self, id: u32) {
    self.send(Job::Drain { id });
  }

  /// Takes the worker out of rotation and fails everything it still owed (each request answers 500).
  pub fn kill(&self) {
    self.alive.store(false, Ordering::Release);
    self.release();
    self.pending.clear();
    let streams: Vec<_> = lock(&self.streams).drain().collect();
    drop(streams);
  }

  /// Releases the threadsafe function so the JS thread's event loop may exit.
  pub fn release(&self) {
    let taken = self.tsfn.write().unwrap_or_else(|e| e.into_inner()).take();
    drop(taken);
  }
}
