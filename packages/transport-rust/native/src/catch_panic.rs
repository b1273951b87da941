//! Catches a panic raised while a request future is polled, so it becomes a 500 and a log line
//! rather than a dead connection task (or, across the FFI boundary, an aborted process).

use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::task::{Context, Poll};

pub struct CatchPanic<F> {
  inner: F,
  panicked: bool,
}

impl<F> CatchPanic<F> {
  pub fn new(inner: F) -> Self {
    Self { inner, panicked: false }
  }
}

impl<F: Future> Future for CatchPanic<F> {
  /// `Err(message)` when the inner future panicked.
  type Output = Result<F::Output, String>;

  fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
    // SAFETY: `inner` is never moved out of the pinned struct; `panicked` is plain data.
    let this = unsafe { self.get_unchecked_mut() };
    if this.panicked {
      return Poll::Ready(Err("polled after a panic".into()));
    }
    let inner = unsafe { Pin::new_unchecked(&mut this.inner) };
    match catch_unwind(AssertUnwindSafe(|| inner.poll(cx))) {
      Ok(p) => p.map(Ok),
      Err(payload) => {
        this.panicked = true;
        let msg = payload
          .downcast_ref::<&str>()
          .map(|s| (*s).to_owned())
          .or_else(|| payload.downcast_ref::<String>().cloned())
          .unwrap_or_else(|| "unknown panic".into());
        Poll::Ready(Err(msg))
      }
    }
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn turns_a_panic_into_an_error() {
    let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
    let out = rt.block_on(CatchPanic::new(async { panic!("boom") }));
    assert_eq!(out, Err::<(), _>("boom".to_owned()));
    let ok = rt.block_on(CatchPanic::new(async { 7 }));
    assert_eq!(ok, Ok(7));
  }
}
