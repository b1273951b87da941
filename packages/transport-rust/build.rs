//! napi-build sets the linker flags a Node add-on needs (undefined napi symbols resolved at load).
fn main() {
  napi_build::setup();
}
