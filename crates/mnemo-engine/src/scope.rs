//! [`SearchScope`]: how a vector or keyword search keeps to a query's spaces and statuses.

use mnemo_core::MemoryStatus;
use mnemo_store::SearchHit;

use crate::Engine;

/// How a search is restricted to the query's spaces and statuses. A LanceDB filter costs a scan
/// (or an index lookup) on every query, so it is used only when it excludes many memories; when it
/// excludes a few, the search fetches that many more and drops them here, which gives the same
/// hits; when it excludes none, there is nothing to do.
pub(crate) enum SearchScope<'a> {
    Everything,
    PostFilter {
        extra: usize,
        spaces: &'a [String],
        statuses: &'a [MemoryStatus],
    },
    PreFilter {
        spaces: &'a [String],
        statuses: &'a [MemoryStatus],
    },
}

/// Above this many excluded memories, LanceDB filters (from its bitmap indexes on space and status).
const POST_FILTER_MAX: usize = 200;

impl<'a> SearchScope<'a> {
    pub(crate) fn plan(
        engine: &Engine,
        spaces: &'a [String],
        statuses: &'a [MemoryStatus],
    ) -> Self {
        match engine.read(|st| st.outside_scope(spaces, statuses)) {
            0 => SearchScope::Everything,
            n if n <= POST_FILTER_MAX => SearchScope::PostFilter {
                extra: n,
                spaces,
                statuses,
            },
            _ => SearchScope::PreFilter { spaces, statuses },
        }
    }

    pub(crate) fn fetch(&self, k: u32) -> usize {
        match self {
            SearchScope::PostFilter { extra, .. } if k > 0 => k as usize + extra,
            _ => k as usize,
        }
    }

    pub(crate) fn spaces(&self) -> &'a [String] {
        match self {
            SearchScope::PreFilter { spaces, .. } => spaces,
            _ => &[],
        }
    }

    pub(crate) fn statuses(&self) -> &'a [MemoryStatus] {
        match self {
            SearchScope::PreFilter { statuses, .. } => statuses,
            _ => &[],
        }
    }

    pub(crate) fn keep(&self, engine: &Engine, mut hits: Vec<SearchHit>, k: u32) -> Vec<SearchHit> {
        if let SearchScope::PostFilter {
            spaces, statuses, ..
        } = self
        {
            engine.read(|st| hits.retain(|h| st.in_scope(&h.id, spaces, statuses)));
            hits.truncate(k as usize);
        }
        hits
    }
}
