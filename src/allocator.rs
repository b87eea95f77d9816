//! The global allocator of the `mofc` binary (and of the benchmarks, so that their figures are
//! the binary's): mimalloc. A compilation builds thousands of small syntax-tree nodes and frees
//! them together, which mimalloc serves much faster than the system allocator (see README,
//! "Performance").

use std::alloc::{GlobalAlloc, Layout};

use libmimalloc_sys::{
    mi_free, mi_malloc, mi_malloc_aligned, mi_realloc, mi_realloc_aligned, mi_zalloc, mi_zalloc_aligned,
};

/// mimalloc through its plain entry points wherever a block's own alignment is enough, as std's
/// `System` allocator calls `malloc`. The `mimalloc` crate calls `mi_malloc_aligned` for every
/// request, which mimalloc 3 serves from its fast path only when the first free block happens to
/// be aligned, and otherwise, unless the size is a power of two, by over-allocating: every file's
/// text and most vectors of a check went that way, each a few bytes larger (and sometimes a
/// size class larger) than asked.
pub struct Mimalloc;

/// The alignment of every mimalloc block: blocks are whole words, and the first block of a page
/// is 16-byte aligned (`MI_PAGE_MIN_START_BLOCK_ALIGN`).
const BLOCK_ALIGN: usize = size_of::<usize>();

// SAFETY: `alloc` and `alloc_zeroed` return null or a block of at least `layout.size()` bytes
// aligned to `layout.align()`: any mimalloc block when that is a word or less, else one from the
// aligned entry points, which take any power of two (and a `Layout`'s alignment is one).
// `dealloc` and `realloc` are only given blocks this allocator returned (GlobalAlloc's
// contract); `mi_free` and `mi_realloc` accept a block whichever entry point made it, and
// `realloc` keeps the layout's alignment as `alloc` does.
unsafe impl GlobalAlloc for Mimalloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: see the impl; mimalloc's functions take any size.
        let block = unsafe {
            if layout.align() <= BLOCK_ALIGN {
                mi_malloc(layout.size())
            } else {
                mi_malloc_aligned(layout.size(), layout.align())
            }
        };
        block.cast()
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as `alloc`.
        let block = unsafe {
            if layout.align() <= BLOCK_ALIGN {
                mi_zalloc(layout.size())
            } else {
                mi_zalloc_aligned(layout.size(), layout.align())
            }
        };
        block.cast()
    }

    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` is a block this allocator returned and has not freed.
        unsafe { mi_free(ptr.cast()) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` is a live block this allocator returned with `layout`.
        let block = unsafe {
            if layout.align() <= BLOCK_ALIGN {
                mi_realloc(ptr.cast(), new_size)
            } else {
                mi_realloc_aligned(ptr.cast(), new_size, layout.align())
            }
        };
        block.cast()
    }
}

#[cfg(test)]
mod tests {
    use std::alloc::{GlobalAlloc, Layout};

    use super::Mimalloc;

    /// Every block the allocator gives has the alignment asked, keeps its bytes when it
    /// grows or shrinks, and comes zeroed when asked so: for alignments up to a word (mimalloc's
    /// plain entry points) and above (its aligned ones), sizes below and above mimalloc's small
    /// and medium blocks.
    #[test]
    fn blocks_are_aligned_and_keep_their_bytes() {
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for size in [1, 7, 8, 24, 1000, 1025, 5000, 70_000, 3_000_000] {
                let layout = Layout::from_size_align(size, align).expect("a valid layout");
                // SAFETY: `layout` has a non-zero size; each block is freed once, with the
                // layout (and size) it was last given.
                unsafe {
                    let zeroed = Mimalloc.alloc_zeroed(layout);
                    assert!(!zeroed.is_null());
                    assert_eq!(zeroed as usize % align, 0, "{size} bytes at {align}");
                    assert!(std::slice::from_raw_parts(zeroed, size).iter().all(|&b| b == 0));
                    Mimalloc.dealloc(zeroed, layout);

                    let block = Mimalloc.alloc(layout);
                    assert_eq!(block as usize % align, 0, "{size} bytes at {align}");
                    for i in 0..size {
                        *block.add(i) = i as u8;
                    }
                    let grown = Mimalloc.realloc(block, layout, size * 3);
                    assert_eq!(grown as usize % align, 0, "{size} bytes grown at {align}");
                    assert!((0..size).all(|i| *grown.add(i) == i as u8));
                    let shrunk =
                        Mimalloc.realloc(grown, Layout::from_size_align_unchecked(size * 3, align), size / 2 + 1);
                    assert_eq!(shrunk as usize % align, 0, "{size} bytes shrunk at {align}");
                    assert!((0..size / 2 + 1).all(|i| *shrunk.add(i) == i as u8));
                    Mimalloc.dealloc(shrunk, Layout::from_size_align_unchecked(size / 2 + 1, align));
                }
            }
        }
    }
}
