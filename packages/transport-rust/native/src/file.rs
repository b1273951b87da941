//! Files sent by Rust: a handler's `file()` response crosses the bridge as a path, and a tokio
//! thread reads the file in 64 KiB chunks while hyper writes them, so the JavaScript thread never
//! touches the bytes. The size comes from the opened file, so `content-length` (also on HEAD) is
//! what is actually sent.

use std::fs::File;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use http_body::SizeHint;
use tokio::io::{AsyncRead, ReadBuf};

use crate::body::BodyAborted;

const CHUNK: usize = 64 * 1024;

/// A file being sent: its reader and how many bytes are still due.
pub struct FileBody {
  file: tokio::fs::File,
  left: u64,
  buf: BytesMut,
}

impl FileBody {
  /// Opens `path` for sending; `Err` says why it cannot be sent (gone, unreadable, a directory).
  pub fn open(path: &str) -> std::io::Result<Self> {
    // A blocking open on the tokio thread: one syscall, cheaper than a hop to the blocking pool.
    let file = File::open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
      return Err(std::io::Error::other("not a regular file"));
    }
    Ok(FileBody { file: tokio::fs::File::from_std(file), left: meta.len(), buf: BytesMut::new() })
  }

  pub fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Bytes, BodyAborted>>> {
    if self.left == 0 {
      return Poll::Ready(None);
    }
    let want = CHUNK.min(usize::try_from(self.left).unwrap_or(CHUNK));
    self.buf.reserve(want); // empty after each split: a no-op while the capacity lasts
    let spare = &mut self.buf.spare_capacity_mut()[..want];
    let mut read = ReadBuf::uninit(spare);
    match Pin::new(&mut self.file).poll_read(cx, &mut read) {
      Poll::Pending => Poll::Pending,
      // Shorter than announced (truncated meanwhile) or unreadable: end the response with an
      // error so hyper closes the connection instead of sending a wrong length.
      Poll::Ready(Err(_)) => Poll::Ready(Some(Err(BodyAborted))),
      Poll::Ready(Ok(())) if read.filled().is_empty() => Poll::Ready(Some(Err(BodyAborted))),
      Poll::Ready(Ok(())) => {
        let n = read.filled().len();
        // SAFETY: `poll_read` initialised the first `n` bytes of the spare capacity.
        unsafe { self.buf.set_len(n) };
        self.left -= n as u64;
        Poll::Ready(Some(Ok(self.buf.split().freeze())))
      }
    }
  }

  pub fn size_hint(&self) -> SizeHint {
    SizeHint::with_exact(self.left)
  }
}
