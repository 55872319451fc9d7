#pragma once
/// Pseudonymous patient keys: HMAC-SHA-256 of the ID number under a per-workspace secret
/// (docs/privacy.md). The ID number itself is never stored.

#include <jingwei/store/workspace.hpp>
#include <string>

namespace jw::store {

/// Keyed hash of an identity number, hex, 64 characters. Creates the workspace secret on first
/// use (call inside a transaction).
std::string patient_key(Workspace& ws, const std::string& id_number);

/// Validates a resident identity card number (18 characters, ISO 7064 MOD 11-2 check digit)
/// and returns it upper-cased; throws jw::InputError(reason) without echoing the number.
std::string check_id_number(const std::string& text);

} // namespace jw::store
