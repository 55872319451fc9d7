#include <jingwei/error.hpp>
#include <jingwei/store/pseudonym.hpp>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

namespace jw::store {
namespace {
std::vector<unsigned char> workspace_secret(Workspace& ws) {
    auto st = ws.db().prepare("SELECT value FROM jw_secret WHERE name = 'patient_key'");
    if (st.step())
        return st.column_blob(0);
    std::vector<unsigned char> secret(32);
    if (RAND_bytes(secret.data(), static_cast<int>(secret.size())) != 1)
        throw EnvironmentError("the system random generator refused to make a workspace secret");
    ws.db()
        .prepare("INSERT INTO jw_secret (name, value) VALUES ('patient_key', ?)")
        .bind_blob(1, secret)
        .run();
    return secret;
}
} // namespace

std::string patient_key(Workspace& ws, const std::string& id_number) {
    const auto secret = workspace_secret(ws);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (HMAC(EVP_sha256(),
             secret.data(),
             static_cast<int>(secret.size()),
             reinterpret_cast<const unsigned char*>(id_number.data()),
             id_number.size(),
             mac,
             &len) == nullptr)
        throw EnvironmentError("OpenSSL HMAC-SHA-256 failed");
    static const char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < len; ++i) {
        out += hex[mac[i] >> 4];
        out += hex[mac[i] & 15];
    }
    return out;
}

std::string check_id_number(const std::string& text) {
    std::string id;
    for (char c : text)
        if (!std::isspace(static_cast<unsigned char>(c)))
            id += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (id.size() != 18)
        throw InputError("the ID number does not have 18 characters");
    static const int weights[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static const char check_chars[] = "10X98765432";
    int sum = 0;
    for (int i = 0; i < 17; ++i) {
        if (!std::isdigit(static_cast<unsigned char>(id[i])))
            throw InputError("the ID number has a non-digit among its first 17 characters");
        sum += (id[i] - '0') * weights[i];
    }
    if (id[17] != check_chars[sum % 11])
        throw InputError("the ID number's check digit is wrong (a typing error?)");
    return id;
}

} // namespace jw::store
