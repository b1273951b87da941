//! What a connection's requests share: the peer address, when the current request's first byte
//! arrived (for the whole-request timeout) and whether a response of the service is being
//! written (to tell hyper's own error answers apart, see `auto_error.rs`).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::LazyLock;
use std::time::{Duration, Instant};

static EPOCH: LazyLock<Instant> = LazyLock::new(Instant::now);

fn now_ms() -> u64 {
  EPOCH.elapsed().as_millis() as u64
}

pub struct ConnInfo {
  /// The peer's IP address as text, sent with every request of the connection.
  pub remote: Box<str>,
  /// Set once a request has been read whole: the next byte read starts the next request.
  armed: AtomicBool,
  first_byte_ms: AtomicU64,
  /// A response returned by the service has not been flushed whole yet.
  answering: AtomicBool,
  /// That response's body is done: every byte of it is in hyper's write buffer.
  answer_done: AtomicBool,
  /// hyper gave up on a head that had started to arrive: Bolt answers 408 as the stream closes.
  head_timed_out: AtomicBool,
}

impl ConnInfo {
  pub fn new(remote: Box<str>) -> Self {
    Self {
      remote,
      armed: AtomicBool::new(true),
      first_byte_ms: AtomicU64::new(now_ms()),
      answering: AtomicBool::new(false),
      answer_done: AtomicBool::new(false),
      head_timed_out: AtomicBool::new(false),
    }
  }

  /// Bytes arrived from the peer: the first after a complete request starts the next one.
  pub fn on_read(&self) {
    if self.armed.load(Ordering::Relaxed) && self.armed.swap(false, Ordering::Relaxed) {
      self.first_byte_ms.store(now_ms(), Ordering::Relaxed);
    }
  }

  /// How long the request being read has been arriving. A request whose bytes were all read
  /// along with the previous one (pipelined) started now.
  pub fn request_age(&self) -> Duration {
    if self.armed.load(Ordering::Relaxed) {
      return Duration::ZERO;
    }
    Duration::from_millis(now_ms().saturating_sub(self.first_byte_ms.load(Ordering::Relaxed)))
  }

  /// hyper's head timeout fired; answers 408 only when part of a request had arrived (an idle
  /// keep-alive connection is just closed).
  pub fn head_timeout_fired(&self) {
    if !self.armed.load(Ordering::Relaxed) {
      self.head_timed_out.store(true, Ordering::Relaxed);
    }
  }

  pub fn head_timed_out(&self) -> bool {
    self.head_timed_out.load(Ordering::Relaxed)
  }

  /// The request is read whole; the next byte belongs to the next one.
  pub fn request_read(&self) {
    self.armed.store(true, Ordering::Relaxed);
  }

  /// The service returned a response; hyper is about to write it.
  pub fn answer_started(&self) {
    self.answer_done.store(false, Ordering::Relaxed);
    self.answering.store(true, Ordering::Relaxed);
  }

  /// The response's body is done (dropped by hyper).
  pub fn answer_body_done(&self) {
    self.answer_done.store(true, Ordering::Relaxed);
  }

  /// hyper flushed everything it buffered: a finished response is now wholly written.
  pub fn flushed(&self) {
    if self.answer_done.load(Ordering::Relaxed) {
      self.answering.store(false, Ordering::Relaxed);
    }
  }

  /// True while a service response may still be among the bytes hyper writes.
  pub fn answering(&self) -> bool {
    self.answering.load(Ordering::Relaxed)
  }
}
