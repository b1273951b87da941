//! The response body type hyper writes: one buffer, a file, or a stream fed by JavaScript. It
//! also reports when hyper is done with it: to the connection (its response is complete, see
//! `conn.rs`) and, when the handler asked, to JavaScript (`BoltResponse.finished`).

use std::pin::Pin;
use std::sync::{Arc, Weak};
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};

use crate::conn::ConnInfo;
use crate::file::FileBody;
use crate::stream::StreamBody;
use crate::worker::WorkerSlot;

/// Error that ends a streamed body early; hyper then closes the connection.
#[derive(Debug)]
pub struct BodyAborted;

impl std::fmt::Display for BodyAborted {
  fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
    f.write_str("response stream aborted by the handler")
  }
}

impl std::error::Error for BodyAborted {}

/// Every body Bolt sends. `Full` and `File` bodies have an exact size, so hyper writes
/// `content-length`.
pub enum Kind {
  Full(Option<Bytes>),
  Stream(StreamBody),
  File(FileBody),
}

/// Tells JavaScript, once, how the response to request `id` ended.
pub struct FinishNotice {
  worker: Weak<WorkerSlot>,
  id: u32,
}

impl FinishNotice {
  pub fn new(worker: Weak<WorkerSlot>, id: u32) -> Self {
    Self { worker, id }
  }
}

pub struct ResBody {
  kind: Kind,
  /// Every byte of the body has been handed to hyper (or there is none to send).
  done: bool,
  notice: Option<FinishNotice>,
  conn: Option<Arc<ConnInfo>>,
  /// Kept until hyper is done with the body, then dropped (a request's upload temp files).
  held: Option<Box<dyn Send>>,
}

impl ResBody {
  pub fn new(kind: Kind) -> Self {
    let done = match &kind {
      Kind::Full(slot) => slot.as_ref().is_none_or(|b| b.is_empty()),
      Kind::File(f) => f.size_hint().exact() == Some(0),
      Kind::Stream(_) => false,
    };
    Self { kind, done, notice: None, conn: None, held: None }
  }

  pub fn full(bytes: Bytes) -> Self {
    Self::new(Kind::Full(Some(bytes)))
  }

  /// Reports to JavaScript when hyper is done with this body.
  pub fn notify(&mut self, notice: FinishNotice) {
    self.notice = Some(notice);
  }

  /// A body hyper will not send (HEAD, 204, 304) counts as sent once its head is written.
  pub fn mark_unsent(&mut self) {
    self.done = true;
  }

  /// Keeps `value` alive until hyper drops this body (after the finished notice is sent).
  pub fn hold(&mut self, value: Box<dyn Send>) {
    self.held = Some(value);
  }

  pub fn on_conn(&mut self, conn: Arc<ConnInfo>) {
    self.conn = Some(conn);
  }
}

impl Drop for ResBody {
  fn drop(&mut self) {
    // A stream of announced length is not polled past its last byte: its queued end counts.
    if let Kind::Stream(s) = &mut self.kind {
      if !self.done && s.ended_in_queue() {
        self.done = true;
      }
    }
    if let Some(conn) = &self.conn {
      conn.answer_body_done();
    }
    if let Some(n) = self.notice.take() {
      if let Some(w) = n.worker.upgrade() {
        w.notify_finished(n.id, !self.done);
      }
    }
  }
}

impl Body for ResBody {
  type Data = Bytes;
  type Error = BodyAborted;

  fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, BodyAborted>>> {
    let this = self.get_mut();
    let polled = match &mut this.kind {
      Kind::Full(slot) => Poll::Ready(slot.take().filter(|b| !b.is_empty()).map(Ok)),
      Kind::Stream(s) => s.poll_chunk(cx),
      Kind::File(f) => f.poll_chunk(cx),
    };
    match &polled {
      Poll::Ready(None) => this.done = true,
      Poll::Ready(Some(Ok(_))) => {
        // hyper stops polling once a sized body has sent its length: that last chunk is the end.
        if matches!(&this.kind, Kind::Full(_)) || this.kind_size_left() == Some(0) {
          this.done = true;
        }
      }
      _ => {}
    }
    polled.map(|o| o.map(|r| r.map(Frame::data)))
  }

  fn is_end_stream(&self) -> bool {
    match &self.kind {
      Kind::Full(slot) => slot.as_ref().is_none_or(|b| b.is_empty()),
      Kind::Stream(_) => false,
      Kind::File(f) => f.size_hint().exact() == Some(0),
    }
  }

  fn size_hint(&self) -> SizeHint {
    match &self.kind {
      Kind::Full(slot) => SizeHint::with_exact(slot.as_ref().map_or(0, |b| b.len() as u64)),
      Kind::Stream(s) => s.size_hint(),
      Kind::File(f) => f.size_hint(),
    }
  }
}

impl ResBody {
  fn kind_size_left(&self) -> Option<u64> {
    match &self.kind {
      Kind::File(f) => f.size_hint().exact(),
      _ => None,
    }
  }
}
