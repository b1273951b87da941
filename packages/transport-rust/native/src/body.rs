//! The response body type hyper writes: one buffer, a file, or a stream fed by JavaScript. It
//! also reports when hyper is done with it: to the connection (its response is complete, see
//! `conn.rs`) and, when the handler asked, to JavaScript (`BoltResponse.finished`).

use std::pin::Pin;
use std::sync::{Arc, Weak};
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};

use crate::compress::Encoder;
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
  /// A stream or a file compressed chunk by chunk (native form `compress`, see `compress.rs`).
  Encoded(Box<Encoded>),
}

/// A body passed through an encoder, each chunk flushed out as it comes.
pub struct Encoded {
  inner: Kind,
  encoder: Option<Encoder>,
}

impl Encoded {
  pub fn new(inner: Kind, encoder: Encoder) -> Self {
    Self { inner, encoder: Some(encoder) }
  }

  fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Bytes, BodyAborted>>> {
    loop {
      let polled = match &mut self.inner {
        Kind::Stream(s) => s.poll_chunk(cx),
        Kind::File(f) => f.poll_chunk(cx),
        Kind::Full(slot) => Poll::Ready(slot.take().map(Ok)),
        Kind::Encoded(e) => e.poll_chunk(cx),
      };
      let Some(encoder) = self.encoder.as_mut() else { return Poll::Ready(None) };
      match polled {
        Poll::Pending => return Poll::Pending,
        Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
        Poll::Ready(Some(Ok(chunk))) => match encoder.write(&chunk, true) {
          Err(_) => return Poll::Ready(Some(Err(BodyAborted))),
          Ok(out) if out.is_empty() => continue,
          Ok(out) => return Poll::Ready(Some(Ok(Bytes::from(out)))),
        },
        Poll::Ready(None) => {
          let last = encoder.finish();
          self.encoder = None;
          return match last {
            Err(_) => Poll::Ready(Some(Err(BodyAborted))),
            Ok(out) if out.is_empty() => Poll::Ready(None),
            Ok(out) => Poll::Ready(Some(Ok(Bytes::from(out)))),
          };
        }
      }
    }
  }
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
      Kind::Stream(_) | Kind::Encoded(_) => false,
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

  /// The bytes of a whole body, if this is one.
  pub fn full_bytes(&self) -> Option<&Bytes> {
    match &self.kind {
      Kind::Full(slot) => slot.as_ref(),
      _ => None,
    }
  }

  /// Replaces the bytes of a whole body (compressed by the `compress` form).
  pub fn set_full(&mut self, bytes: Bytes) {
    if let Kind::Full(slot) = &mut self.kind {
      self.done = bytes.is_empty();
      *slot = Some(bytes);
    }
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
      Kind::Encoded(e) => e.poll_chunk(cx),
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
      Kind::Stream(_) | Kind::Encoded(_) => false,
      Kind::File(f) => f.size_hint().exact() == Some(0),
    }
  }

  fn size_hint(&self) -> SizeHint {
    match &self.kind {
      Kind::Full(slot) => SizeHint::with_exact(slot.as_ref().map_or(0, |b| b.len() as u64)),
      Kind::Stream(s) => s.size_hint(),
      Kind::File(f) => f.size_hint(),
      Kind::Encoded(_) => SizeHint::default(),
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
