#pragma once
// Private to network/: a little binary image writer/reader for the stored graph. Native byte
// order: a workspace's graph is rebuilt from its import when moved to a big-endian machine
// (none of ours is); the header's magic detects that.

#include <jingwei/error.hpp>

#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

namespace jw::network::detail {

template <typename T> void put(std::vector<unsigned char>& out, const T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    const auto* p = reinterpret_cast<const unsigned char*>(&value);
    out.insert(out.end(), p, p + sizeof(T));
}

template <typename T> void put_vector(std::vector<unsigned char>& out, const std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    put<std::uint64_t>(out, v.size());
    const auto* p = reinterpret_cast<const unsigned char*>(v.data());
    out.insert(out.end(), p, p + v.size() * sizeof(T));
}

template <typename T> T get(const unsigned char*& data, const unsigned char* end) {
    static_assert(std::is_trivially_copyable_v<T>);
    if (static_cast<std::size_t>(end - data) < sizeof(T))
        throw InputError("stored road network is truncated: re-import the roads");
    T value;
    std::memcpy(&value, data, sizeof(T));
    data += sizeof(T);
    return value;
}

template <typename T> std::vector<T> get_vector(const unsigned char*& data, const unsigned char* end) {
    const auto size = get<std::uint64_t>(data, end);
    if (size > static_cast<std::uint64_t>(end - data) / sizeof(T))
        throw InputError("stored road network is truncated: re-import the roads");
    std::vector<T> v(size);
    std::memcpy(v.data(), data, size * sizeof(T));
    data += size * sizeof(T);
    return v;
}

} // namespace jw::network::detail
