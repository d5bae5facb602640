// The file layer: magritte.toml read with toml++. This is the only file that includes
// toml++ (it is slow to compile); env and flag values in TOML syntax come here too.
#include <charconv>
#include <sstream>

// toml++ 3.3 asserts on some input that it then rejects with a proper error ("[ = 1]":
// parse_table_header hands parse_key a character parse_key assumes it never gets). In a
// build without NDEBUG (Debug, the sanitizer and fuzz builds) that assertion would abort
// magritte on a bad config file; its error message is what the user needs, so its internal
// assertions are off in every build type. (Found by fuzz/config_fuzzer.)
#define TOML_ASSERT(expr) static_cast<void>(0)
#include <toml++/toml.h>

#include "config/layers.hpp"
#include "config/suggest.hpp"
#include "magritte/error.hpp"

namespace magritte::config {
namespace {

std::string type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string: return "string";
    case toml::node_type::integer: return "integer";
    case toml::node_type::floating_point: return "floating-point";
    case toml::node_type::boolean: return "boolean";
    case toml::node_type::date: return "date";
    case toml::node_type::time: return "time";
    case toml::node_type::date_time: return "date-time";
    case toml::node_type::array: return "array";
    case toml::node_type::table: return "table";
    default: return "nothing";
  }
}

std::string to_text(const toml::node& node) {
  std::ostringstream out;
  node.visit([&out](const auto& value) { out << value; });
  return out.str();
}

// "; quote it: \"1.5\"" when a scalar was given where a string is expected.
std::string quote_hint(const toml::node& node) {
  if (node.is_string() || node.is_array() || node.is_table()) return "";
  return "; quote it: \"" + to_text(node) + "\"";
}

// Converts the value at a key; `where` is the message prefix for errors about it.
class NodeReader {
public:
  NodeReader(const KeySpec& spec, std::string where) : spec_(spec), where_(std::move(where)) {}

  Value read(const toml::node& node) const {
    switch (spec_.type) {
      case ValueType::string: return read_string(node);
      case ValueType::string_list: return read_list(node);
      case ValueType::string_map: return read_map(node);
      case ValueType::integer: return read_integer(node);
      case ValueType::boolean:
        if (!node.is_boolean()) fail("got " + type_name(node));
        return node.as_boolean()->get();
    }
    throw std::logic_error("unknown value type");
  }

private:
  [[noreturn]] void fail(const std::string& what) const {
    throw usage_error(where_ + ": " + std::string(spec_.key) + " must be " +
                      type_phrase(spec_.type) + ", " + what);
  }

  std::string read_string(const toml::node& node) const {
    if (!node.is_string()) fail("got " + type_name(node) + quote_hint(node));
    return node.as_string()->get();
  }

  std::int64_t read_integer(const toml::node& node) const {
    if (node.is_integer()) return node.as_integer()->get();
    std::string hint;
    if (const auto* text = node.as_string()) {
      std::int64_t number = 0;
      const std::string& digits = text->get();
      auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
      if (!digits.empty() && error == std::errc() && end == digits.data() + digits.size()) {
        hint = "; write it without quotes: " + digits;
      }
    }
    fail("got " + type_name(node) + hint);
  }

  StringList read_list(const toml::node& node) const {
    const auto* array = node.as_array();
    if (array == nullptr) fail("got " + type_name(node));
    StringList list;
    for (std::size_t i = 0; i < array->size(); ++i) {
      const toml::node& item = *array->get(i);
      if (!item.is_string()) {
        fail("element " + std::to_string(i + 1) + " is " + type_name(item) + " " + to_text(item) +
             quote_hint(item));
      }
      list.push_back(item.as_string()->get());
    }
    return list;
  }

  StringMap read_map(const toml::node& node) const {
    const auto* table = node.as_table();
    if (table == nullptr) fail("got " + type_name(node));
    StringMap map;
    for (const auto& [key, item] : *table) {
      if (!item.is_string()) {
        fail("'" + std::string(key.str()) + "' is " + type_name(item) + quote_hint(item));
      }
      map[std::string(key.str())] = item.as_string()->get();
    }
    return map;
  }

  const KeySpec& spec_;
  std::string where_;
};

std::string at_line(const std::string& file, const toml::source_region& source) {
  return file + ":" + std::to_string(source.begin.line);
}

toml::table parse_document(const std::string& text, const std::string& file) {
  try {
    return toml::parse(text, file);
  } catch (const toml::parse_error& error) {
    const auto& begin = error.source().begin;
    throw usage_error(file + ":" + std::to_string(begin.line) + ":" + std::to_string(begin.column) +
                      ": TOML syntax error: " + std::string(error.description()));
  }
}

[[noreturn]] void unknown_section(const std::string& where, const std::string& section) {
  // A key written before any [section] header: say which section it belongs in.
  for (const auto& spec : key_specs()) {
    if (spec.name() == section) {
      throw usage_error(where + ": '" + section + "' must be inside a section: put it under [" +
                        std::string(spec.section()) + "]");
    }
  }
  std::string message = where + ": unknown section [" + section + "]";
  if (auto guess = nearest(section, section_names())) {
    message += "; did you mean [" + *guess + "]?";
  } else {
    message += "; sections: " + join(section_names());
  }
  throw usage_error(message);
}

[[noreturn]] void unknown_key(const std::string& where, const std::string& section,
                              const std::string& name) {
  std::string message = where + ": unknown key '" + name + "' in [" + section + "]";
  if (auto guess = nearest(name, key_names_in(section))) {
    message += "; did you mean '" + *guess + "'?";
  } else {
    message += "; keys in [" + section + "]: " + join(key_names_in(section));
  }
  throw usage_error(message);
}

void read_section(const std::string& file, const std::string& section, const toml::table& table,
                  RawValues& values) {
  for (const auto& [name, node] : table) {
    const std::string key = section + "." + std::string(name.str());
    const KeySpec* spec = find_spec(key);
    if (spec == nullptr)
      unknown_key(at_line(file, name.source()), section, std::string(name.str()));
    const std::string where = at_line(file, node.source());
    values[key] = {NodeReader(*spec, where).read(node), Origin{Origin::Kind::file, where}};
  }
}

}  // namespace

void apply_file(const std::filesystem::path& path, RawValues& values) {
  const std::string file = path.string();
  const toml::table document = parse_document(read_config_text(path), file);
  for (const auto& [name, node] : document) {
    const std::string section(name.str());
    if (!is_section(section)) unknown_section(at_line(file, name.source()), section);
    const auto* table = node.as_table();
    if (table == nullptr) {
      throw usage_error(at_line(file, node.source()) + ": [" + section +
                        "] must be a section (a table), got " + type_name(node));
    }
    read_section(file, section, *table, values);
  }
}

Value parse_inline_toml(const KeySpec& spec, std::string_view text, const std::string& prefix) {
  constexpr std::string_view kAssign = "value = ";
  toml::table document;
  try {
    document = toml::parse(std::string(kAssign) + std::string(text));
  } catch (const toml::parse_error& error) {
    throw usage_error(prefix + ": " + std::string(spec.key) + " is not valid TOML: " +
                      std::string(error.description()) + " (at character " +
                      std::to_string(error.source().begin.column - kAssign.size()) + ")");
  }
  if (document.size() != 1 || !document.contains("value")) {
    throw usage_error(prefix + ": " + std::string(spec.key) + " must be " + type_phrase(spec.type) +
                      ", got '" + std::string(text) + "'");
  }
  return NodeReader(spec, prefix).read(*document.get("value"));
}

}  // namespace magritte::config
