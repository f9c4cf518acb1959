// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    mnemo_alloc::tune();
    mnemo_app::run()
}
