//! What crosses the bridge: a [`Job`] goes to the JS dispatcher as plain arguments, a [`Reply`]
//! comes back through `WorkerPort::respond*`.
//!
//! The dispatcher is called as `dispatch(route, id, head, body)`: `route` is the route index (or
//! [`DRAIN_EVENT`]), `head` one latin1 string `method \0 path \0 query \0 params... \0 name \0 value ...`
//! and `body` a Buffer or `undefined`. Four napi values per request, no objects built in Rust.

use std::ptr;
use std::sync::Arc;

use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use napi::bindgen_prelude::JsValuesTupleIntoVec;
use napi::sys;

use crate::stream::StreamBody;
use crate::worker::WorkerSlot;

/// Route index that marks a drain event for stream `id` rather than a request.
pub const DRAIN_EVENT: u32 = u32::MAX;

/// Bodies up to this size are copied into a fresh Buffer; larger ones are handed over without a copy.
const COPY_LIMIT: usize = 32 * 1024;

pub enum Job {
  Request { route: u32, id: u32, head: Vec<u8>, body: Option<Bytes>, worker: Arc<WorkerSlot> },
  Drain { id: u32 },
}

/// A handler's answer.
pub struct Reply {
  pub status: StatusCode,
  pub headers: HeaderMap,
  pub body: ReplyBody,
}

pub enum ReplyBody {
  Bytes(Bytes),
  Stream(StreamBody),
}

impl JsValuesTupleIntoVec for Job {
  fn into_vec(self, env: sys::napi_env) -> napi::Result<Vec<sys::napi_value>> {
    // Never return Err: with `CalleeHandled = false` napi-rs turns it into a fatal exception.
    // If building the arguments fails, the request is failed (500) and the dispatcher is called
    // with no arguments, which it ignores.
    match self {
      Job::Drain { id } => Ok(build(env, DRAIN_EVENT, id, None, None).unwrap_or_default()),
      Job::Request { route, id, head, body, worker } => {
        match build(env, route, id, Some(&head), body) {
          Some(args) => Ok(args),
          None => {
            drop(worker.pending.take(id));
            Ok(Vec::new())
          }
        }
      }
    }
  }
}

fn build(
  env: sys::napi_env,
  route: u32,
  id: u32,
  head: Option<&[u8]>,
  body: Option<Bytes>,
) -> Option<Vec<sys::napi_value>> {
  let mut out = [ptr::null_mut(); 4];
  unsafe {
    ok(sys::napi_create_uint32(env, route, &mut out[0]))?;
    ok(sys::napi_create_uint32(env, id, &mut out[1]))?;
    match head {
      Some(h) => ok(sys::napi_create_string_latin1(env, h.as_ptr().cast(), h.len() as isize, &mut out[2]))?,
      None => ok(sys::napi_get_undefined(env, &mut out[2]))?,
    }
    match body {
      None => ok(sys::napi_get_undefined(env, &mut out[3]))?,
      Some(b) if b.len() <= COPY_LIMIT => {
        let mut data = ptr::null_mut();
        ok(sys::napi_create_buffer_copy(env, b.len(), b.as_ptr().cast(), &mut data, &mut out[3]))?
      }
      Some(b) => create_external(env, b, &mut out[3])?,
    }
  }
  Some(out.to_vec())
}

/// Hands `bytes` to JS as a Buffer that points at Rust memory, freed when V8 collects it.
unsafe fn create_external(env: sys::napi_env, bytes: Bytes, out: &mut sys::napi_value) -> Option<()> {
  let boxed = Box::into_raw(Box::new(bytes));
  let (ptr, len) = unsafe { ((*boxed).as_ptr(), (*boxed).len()) };
  let status = unsafe {
    sys::napi_create_external_buffer(env, len, ptr as *mut _, Some(finalize_bytes), boxed.cast(), out)
  };
  if status != sys::Status::napi_ok {
    drop(unsafe { Box::from_raw(boxed) });
    return None;
  }
  Some(())
}

unsafe extern "C" fn finalize_bytes(_env: sys::napi_env, _data: *mut std::ffi::c_void, hint: *mut std::ffi::c_void) {
  drop(unsafe { Box::from_raw(hint.cast::<Bytes>()) });
}

fn ok(status: sys::napi_status) -> Option<()> {
  (status == sys::Status::napi_ok).then_some(())
}
