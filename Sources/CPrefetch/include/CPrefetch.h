#ifndef CPREFETCH_H
#define CPREFETCH_H

/// Asks the processor to start loading the cache line at `address` for reading; never faults and
/// never waits. Swift has no prefetch intrinsic; this inlines into the caller.
static inline void CPrefetch_read(const void *address) { __builtin_prefetch(address, 0, 3); }

#endif
