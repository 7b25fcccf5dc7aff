// The C side of the decompression bridge: zlib (gzip), libzstd and liblzma
// (xz). Only Workload's Decompressor imports this.
#ifndef CACHESIM_CCOMPRESSION_SHIM_H
#define CACHESIM_CCOMPRESSION_SHIM_H

#include <zlib.h>
#include <zstd.h>
#include <lzma.h>

// inflateInit2 is a macro, which Swift cannot call.
static inline int ccompression_inflate_init(z_stream *stream, int windowBits) {
    return inflateInit2(stream, windowBits);
}

// LZMA_STREAM_INIT is a macro too.
static inline lzma_stream ccompression_lzma_stream_init(void) {
    lzma_stream stream = LZMA_STREAM_INIT;
    return stream;
}

// LZMA_CONCATENATED is a macro of a cast expression.
static const uint32_t ccompression_lzma_concatenated = LZMA_CONCATENATED;

#endif
