//! The response body type hyper writes: empty, one buffer, or a stream fed by JavaScript.

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};

use crate::file::FileBody;
use crate::stream::StreamBody;

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
pub enum ResBody {
  Full(Option<Bytes>),
  Stream(StreamBody),
  File(FileBody),
}

impl ResBody {
  pub fn full(bytes: Bytes) -> Self {
    ResBody::Full(Some(bytes))
  }
}

impl Body for ResBody {
  type Data = Bytes;
  type Error = BodyAborted;

  fn poll_frame(
    self: Pin<&mut Self>,
    cx: &mut Context<'_>,
  ) -> Poll<Option<Result<Frame<Bytes>, BodyAborted>>> {
    match self.get_mut() {
      ResBody::Full(slot) => Poll::Ready(slot.take().filter(|b| !b.is_empty()).map(|b| Ok(Frame::data(b)))),
      ResBody::Stream(s) => s.poll_chunk(cx).map(|o| o.map(|r| r.map(Frame::data))),
      ResBody::File(f) => f.poll_chunk(cx).map(|o| o.map(|r| r.map(Frame::data))),
    }
  }

  fn is_end_stream(&self) -> bool {
    match self {
      ResBody::Full(slot) => slot.as_ref().is_none_or(|b| b.is_empty()),
      ResBody::Stream(_) => false,
      ResBody::File(f) => f.size_hint().exact() == Some(0),
    }
  }

  fn size_hint(&self) -> SizeHint {
    match self {
      ResBody::Full(slot) => SizeHint::with_exact(slot.as_ref().map_or(0, |b| b.len() as u64)),
      ResBody::Stream(s) => s.size_hint(),
      ResBody::File(f) => f.size_hint(),
    }
  }
}
