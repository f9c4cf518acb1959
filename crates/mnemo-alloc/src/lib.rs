//! The allocator of Mnemo's binaries: mimalloc, set to give freed memory back to the OS promptly.
//!
//! LanceDB allocates and frees many large buffers (a search's candidates, an index build's
//! training data); glibc's malloc spent ~40% of a vector search consolidating free lists, so the
//! binaries use mimalloc. At its defaults mimalloc keeps freed arena memory for 10 s and backs
//! its arenas with transparent huge pages, which go back to the OS only whole: `mnemo serve`
//! taking 20 agents' single adds grew from 230 to 900 MiB resident (410 MiB of it huge pages)
//! while its live heap stayed under 160 MiB (heaptrack). [`tune`] fixes both.

#[cfg(not(feature = "system"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc 3's `mimalloc.h` (libmimalloc-sys names only the options
/// whose numbers did not change from mimalloc 2); a test checks it by its default.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Call first thing in `main`: freed memory is returned at once rather than after 10 s, and the
/// process uses 4 KiB pages only. `mnemo bench writes --clients 20 --adds 750`: 613–634 MiB
/// resident at the end instead of 953–1,363, at the same adds/s and query latency.
pub fn tune() {
    #[cfg(not(feature = "system"))]
    // SAFETY: sets a number in mimalloc's option table; any value is valid for this option.
    unsafe {
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 0)
    };
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes one integer flag and touches no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One test: `tune` changes process-wide state that a second test would race with.
    #[test]
    fn tune_purges_at_once_and_turns_off_huge_pages() {
        #[cfg(not(feature = "system"))]
        {
            // SAFETY: reads mimalloc's option table.
            let before = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
            // Only purge_delay defaults to 1000 (ms) in mimalloc 3: a renumbering shows here.
            assert_eq!(
                before, 1000,
                "option {PURGE_DELAY} is not mimalloc's purge_delay"
            );
        }
        tune();
        #[cfg(not(feature = "system"))]
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) }, 0);
        #[cfg(target_os = "linux")]
        // SAFETY: PR_GET_THP_DISABLE only returns the flag.
        assert_eq!(
            unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) },
            1
        );
    }
}
