// The fastest available JSON parsers on the same lines journey reads: how fast can a validating
// parse of NDJSON be on this machine? (Benchmarks/json-floor.sh builds and runs this.)
//
// simdjson's DOM parser validates every line in full (as journey does: a broken line is never
// accepted); its On-Demand parser validates only what it visits (the structure of skipped values is
// checked by depth only), so it is a floor for a parser that does less than journey's.
// Each is run two ways: one parse per line (as journey parses), and over the whole file as a
// document stream (`parse_many` / `iterate_many`, 1 MB batches: simdjson's own way with NDJSON,
// its structural index built a batch at a time). All read the six fields of Benchmarks/compare's
// config from each line (On-Demand over a stream: the four top-level ones).
#include <simdjson.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace simdjson;

// The byte counts of the six fields of a parsed line (DOM).
static size_t read_fields(dom::element root) {
  size_t sum = 0;
  std::string_view value;
  if (!root["userId"].get(value)) sum += value.size();
  if (!root["anonymousId"].get(value)) sum += value.size();
  if (!root["timestamp"].get(value)) sum += value.size();
  if (!root["event"].get(value)) sum += value.size();
  if (!root.at_pointer("/context/page/url").get(value)) sum += value.size();
  if (!root.at_pointer("/context/campaign/source").get(value)) sum += value.size();
  return sum;
}

static double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

int main(int argc, char **argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: floor FILE.ndjson [RUNS]\n");
    return 2;
  }
  int runs = argc > 2 ? std::atoi(argv[2]) : 9;
  std::ifstream file(argv[1], std::ios::binary);
  std::stringstream buffer;
  buffer << file.rdbuf();
  std::string all = buffer.str();
  std::vector<padded_string> lines;
  size_t start = 0, bytes = 0;
  for (size_t i = 0; i < all.size(); i++) {
    if (all[i] != '\n') continue;
    if (i > start) lines.emplace_back(all.data() + start, i - start);
    bytes += i - start;
    start = i + 1;
  }
  std::printf("%zu lines, %.0f bytes a line\n", lines.size(), double(bytes) / double(lines.size()));
  padded_string whole(all);
  static const char *names[] = {"DOM, validates every line", "On-Demand, validates what it visits",
                                "DOM parse_many, validates every line", "On-Demand iterate_many, validates what it visits"};

  for (int mode = 0; mode < 4; mode++) {
    std::vector<double> times;
    size_t checksum = 0, failed = 0;
    for (int run = 0; run < runs; run++) {
      checksum = 0;
      failed = 0;
      auto began = std::chrono::steady_clock::now();
      if (mode == 0) {
        dom::parser parser;
        for (auto &line : lines) {
          dom::element root;
          if (parser.parse(line).get(root)) { failed++; continue; }
          checksum += read_fields(root);
        }
      } else if (mode == 2) {
        dom::parser parser;
        dom::document_stream stream;
        if (parser.parse_many(whole, 1 << 20).get(stream)) { failed = lines.size(); continue; }
        for (auto document : stream) {
          dom::element root;
          if (document.get(root)) { failed++; continue; }
          checksum += read_fields(root);
        }
      } else if (mode == 3) {
        ondemand::parser parser;
        ondemand::document_stream stream;
        if (parser.iterate_many(whole, 1 << 20).get(stream)) { failed = lines.size(); continue; }
        for (auto document : stream) {
          ondemand::object root;
          if (document.get_object().get(root)) { failed++; continue; }
          std::string_view value;
          for (auto field : root) {
            std::string_view key;
            if (field.unescaped_key().get(key)) { failed++; break; }
            if (key == "userId" || key == "anonymousId" || key == "timestamp" || key == "event") {
              if (!field.value().get_string().get(value)) checksum += value.size();
            }
          }
        }
      } else {
        ondemand::parser parser;
        for (auto &line : lines) {
          ondemand::document document;
          if (parser.iterate(line).get(document)) { failed++; continue; }
          ondemand::object root;
          if (document.get_object().get(root)) { failed++; continue; }
          std::string_view value;
          for (auto field : root) {
            std::string_view key = field.unescaped_key();
            if (key == "userId" || key == "anonymousId" || key == "timestamp" || key == "event") {
              if (!field.value().get_string().get(value)) checksum += value.size();
            } else if (key == "context") {
              for (auto inner : field.value().get_object()) {
                std::string_view innerKey = inner.unescaped_key();
                if (innerKey != "page" && innerKey != "campaign") continue;
                for (auto leaf : inner.value().get_object()) {
                  std::string_view leafKey = leaf.unescaped_key();
                  if ((innerKey == "page" && leafKey == "url") || (innerKey == "campaign" && leafKey == "source")) {
                    if (!leaf.value().get_string().get(value)) checksum += value.size();
                  }
                }
              }
            }
          }
        }
      }
      times.push_back(seconds_since(began));
    }
    std::sort(times.begin(), times.end());
    double median = times[times.size() / 2];
    std::printf("simdjson %s (%s): median %.1f ms, %.0f ns a line, %.2f GB/s (checksum %zu, failed %zu)\n",
      simdjson::get_active_implementation()->name().c_str(), names[mode],
      median * 1e3, median * 1e9 / double(lines.size()), double(bytes) / median / 1e9, checksum, failed);
  }
  return 0;
}
