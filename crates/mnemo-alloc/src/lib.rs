//! The allocator of Mnemo's binaries: mimalloc, on ordinary 4 KiB pages.
//!
//! LanceDB allocates and frees many large buffers (a search's candidates, an index build's
//! training data); glibc's malloc spent ~40% of a vector search consolidating free lists, so the
//! binaries use mimalloc. Left alone, mimalloc 3 backs its arenas with transparent huge pages,
//! which go back to the OS only whole: `mnemo serve` taking 20 agents' single adds (LanceDB's
//! caches at 64/32 MiB) grew from 230 to 880 MiB resident, 410 MiB of it huge pages, while its
//! live heap stayed under 160 MiB (heaptrack). [`tune`] turns them off for the process.

#[cfg(not(feature = "system"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Call first thing in `main`: the process gets no transparent huge pages (what mimalloc's own
/// `MIMALLOC_ALLOW_THP=0` does). `mnemo bench writes --clients 20 --adds 400`, caches at 256/64
/// MiB: 601 and 742 MiB resident at the end instead of 862 and 917, at 337 adds/s both times
/// against 314 and 358.
/// (Purging freed memory at once as well saved another 150–250 MiB but cost 5–15% of the adds/s.)
pub fn tune() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes one integer flag and touches no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    #[cfg(target_os = "linux")]
    fn tune_turns_off_huge_pages() {
        super::tune();
        // SAFETY: PR_GET_THP_DISABLE only returns the flag.
        assert_eq!(
            unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) },
            1
        );
    }
}
