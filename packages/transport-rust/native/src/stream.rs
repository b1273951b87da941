//! Streamed response bodies: JavaScript pushes chunks, hyper pulls them, and a high/low water mark
//! pair gives back-pressure. When the queue passes the high mark JS is told to wait; once hyper
//! drains it below the low mark Rust wakes JS with a drain event through the worker's dispatcher.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Weak};
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::SizeHint;
use tokio::sync::mpsc;

use crate::body::BodyAborted;
use crate::worker::WorkerSlot;

/// Bytes queued before JavaScript is asked to wait.
const HIGH_WATER: usize = 64 * 1024;
/// Bytes left in the queue when a waiting writer is woken.
const LOW_WATER: usize = 16 * 1024;

/// What `stream_write` tells JavaScript.
pub const WRITE_OK: u32 = 0;
pub const WRITE_WAIT: u32 = 1;
pub const WRITE_GONE: u32 = 2;

pub enum Chunk {
  Data(Bytes),
  End,
  Abort,
}

/// State both ends see.
pub struct Shared {
  id: u32,
  queued: AtomicUsize,
  wants_drain: AtomicBool,
  gone: AtomicBool,
  worker: Weak<WorkerSlot>,
}

impl Shared {
  fn wake_writer(&self) {
    if self.wants_drain.swap(false, Ordering::AcqRel) {
      if let Some(w) = self.worker.upgrade() {
        w.notify_drain(self.id);
      }
    }
  }
}

/// The hyper side of a stream.
pub struct StreamBody {
  rx: mpsc::UnboundedReceiver<Chunk>,
  shared: Arc<Shared>,
}

/// The JavaScript side of a stream, kept in the worker's stream table.
pub struct StreamWriter {
  tx: mpsc::UnboundedSender<Chunk>,
  shared: Arc<Shared>,
}

/// A connected writer/body pair for request `id` answered by `worker`.
pub fn channel(id: u32, worker: Weak<WorkerSlot>) -> (StreamWriter, StreamBody) {
  let (tx, rx) = mpsc::unbounded_channel();
  let shared = Arc::new(Shared {
    id,
    queued: AtomicUsize::new(0),
    wants_drain: AtomicBool::new(false),
    gone: AtomicBool::new(false),
    worker,
  });
  (StreamWriter { tx, shared: shared.clone() }, StreamBody { rx, shared })
}

impl StreamWriter {
  /// Queues a chunk; returns [`WRITE_OK`], [`WRITE_WAIT`] (a drain event will follow) or [`WRITE_GONE`].
  pub fn write(&self, data: Bytes) -> u32 {
    let s = &self.shared;
    if s.gone.load(Ordering::Acquire) {
      return WRITE_GONE;
    }
    let len = data.len();
    let queued = s.queued.fetch_add(len, Ordering::AcqRel) + len;
    if self.tx.send(Chunk::Data(data)).is_err() {
      return WRITE_GONE;
    }
    if queued <= HIGH_WATER {
      return WRITE_OK;
    }
    s.wants_drain.store(true, Ordering::Release);
    // The reader may have drained everything between our add and the store above: re-check so a
    // wake-up is never lost.
    if s.gone.load(Ordering::Acquire) {
      return if s.wants_drain.swap(false, Ordering::AcqRel) { WRITE_GONE } else { WRITE_WAIT };
    }
    if s.queued.load(Ordering::Acquire) <= LOW_WATER && s.wants_drain.swap(false, Ordering::AcqRel) {
      return WRITE_OK;
    }
    WRITE_WAIT
  }

  pub fn end(&self) {
    let _ = self.tx.send(Chunk::End);
  }

  pub fn abort(&self) {
    let _ = self.tx.send(Chunk::Abort);
  }
}

impl StreamBody {
  pub fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Bytes, BodyAborted>>> {
    match self.rx.poll_recv(cx) {
      Poll::Pending => Poll::Pending,
      Poll::Ready(Some(Chunk::Data(b))) => {
        let len = b.len();
        let left = self.shared.queued.fetch_sub(len, Ordering::AcqRel) - len;
        if left <= LOW_WATER {
          self.shared.wake_writer();
        }
        Poll::Ready(Some(Ok(b)))
      }
      Poll::Ready(Some(Chunk::End)) => Poll::Ready(None),
      // A writer dropped without `end` (worker gone, server closing) is an abort too.
      Poll::Ready(Some(Chunk::Abort)) | Poll::Ready(None) => Poll::Ready(Some(Err(BodyAborted))),
    }
  }

  pub fn size_hint(&self) -> SizeHint {
    SizeHint::new()
  }

  /// True when the writer ended the stream and nothing but that end is left unread.
  pub fn ended_in_queue(&mut self) -> bool {
    matches!(self.rx.try_recv(), Ok(Chunk::End))
  }
}

impl Drop for StreamBody {
  fn drop(&mut self) {
    // The client went away or the response finished: a waiting writer must learn it now.
    self.shared.gone.store(true, Ordering::Release);
    self.shared.wake_writer();
  }
}
