#include "emulator/logging/log_filter.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace magritte::emulator {

struct LogFilter::Node {
  enum class Kind { all_of, any_of, negation, comparison } kind = Kind::comparison;
  std::vector<std::shared_ptr<const Node>> children;
  std::string field, op, value;  // comparison only
};

namespace {

using Node = LogFilter::Node;
using NodePtr = std::shared_ptr<const Node>;

bool is_operator_char(char c) { return c == '=' || c == '!' || c == '<' || c == '>' || c == ':'; }

class Parser {
public:
  explicit Parser(std::string_view text) : text_(text) {}

  NodePtr parse_all() {
    skip_space();
    if (at_end()) return nullptr;
    NodePtr node = parse_conjunction();
    skip_space();
    if (!at_end()) fail("unexpected '" + std::string(1, text_[pos_]) + "'");
    return node;
  }

private:
  // conjunction := disjunction ((AND)? disjunction)*   (juxtaposition means AND)
  NodePtr parse_conjunction() {
    std::vector<NodePtr> terms{parse_disjunction()};
    while (true) {
      skip_space();
      if (at_end() || peek() == ')') break;
      accept_keyword("AND");
      terms.push_back(parse_disjunction());
    }
    return combine(Node::Kind::all_of, std::move(terms));
  }

  // disjunction := unary (OR unary)*
  NodePtr parse_disjunction() {
    std::vector<NodePtr> terms{parse_unary()};
    while (accept_keyword("OR")) terms.push_back(parse_unary());
    return combine(Node::Kind::any_of, std::move(terms));
  }

  NodePtr parse_unary() {
    skip_space();
    if (accept_keyword("NOT") || accept_char('-')) {
      auto node = std::make_shared<Node>();
      node->kind = Node::Kind::negation;
      node->children.push_back(parse_unary());
      return node;
    }
    if (accept_char('(')) {
      NodePtr inner = parse_conjunction();
      skip_space();
      if (!accept_char(')')) fail("expected ')'");
      return inner;
    }
    return parse_comparison();
  }

  NodePtr parse_comparison() {
    auto node = std::make_shared<Node>();
    node->kind = Node::Kind::comparison;
    node->field = read_field();
    if (node->field.empty()) fail("expected a field name");
    skip_space();
    node->op = read_operator();
    skip_space();
    node->value = read_value();
    return node;
  }

  std::string read_field() {
    const std::size_t start = pos_;
    while (!at_end() && !std::isspace(static_cast<unsigned char>(peek())) &&
           !is_operator_char(peek()) && peek() != '(' && peek() != ')') {
      ++pos_;
    }
    return std::string(text_.substr(start, pos_ - start));
  }

  std::string read_operator() {
    for (std::string_view op : {"!=", "<=", ">=", "=~", "!~", "=", "<", ">", ":"}) {
      if (text_.substr(pos_, op.size()) == op) {
        if (op == "=~" || op == "!~") fail("regular expressions are not supported");
        pos_ += op.size();
        return std::string(op);
      }
    }
    fail("expected a comparison operator");
  }

  std::string read_value() {
    if (accept_char('"')) {
      std::string value;
      while (!at_end() && peek() != '"') {
        if (peek() == '\\' && pos_ + 1 < text_.size()) ++pos_;
        value += text_[pos_++];
      }
      if (!accept_char('"')) fail("unterminated string");
      return value;
    }
    const std::size_t start = pos_;
    while (!at_end() && !std::isspace(static_cast<unsigned char>(peek())) && peek() != '(' &&
           peek() != ')') {
      ++pos_;
    }
    if (pos_ == start) fail("expected a value");
    return std::string(text_.substr(start, pos_ - start));
  }

  static NodePtr combine(Node::Kind kind, std::vector<NodePtr> terms) {
    if (terms.size() == 1) return terms.front();
    auto node = std::make_shared<Node>();
    node->kind = kind;
    node->children = std::move(terms);
    return node;
  }

  bool accept_keyword(std::string_view keyword) {
    skip_space();
    if (text_.substr(pos_, keyword.size()) != keyword) return false;
    const std::size_t end = pos_ + keyword.size();
    if (end < text_.size() && !std::isspace(static_cast<unsigned char>(text_[end])) &&
        text_[end] != '(') {
      return false;  // a field that merely starts with the keyword
    }
    pos_ = end;
    return true;
  }

  bool accept_char(char c) {
    skip_space();
    if (at_end() || peek() != c) return false;
    ++pos_;
    return true;
  }

  void skip_space() {
    while (!at_end() && std::isspace(static_cast<unsigned char>(peek()))) ++pos_;
  }
  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return text_[pos_]; }

  [[noreturn]] void fail(const std::string& what) const {
    throw FilterSyntaxError("Unparseable filter: " + what + " at column " +
                            std::to_string(pos_ + 1) + " of: " + std::string(text_));
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

std::optional<std::string> field_of(const LogEntry& entry, const std::string& field) {
  if (field == "timestamp" || field == "receiveTimestamp") {
    return format_rfc3339(from_unix_nanos(entry.timestamp), FractionDigits::nano);
  }
  if (field == "insertId") return entry.insert_id;
  if (field == "severity") return entry.severity;
  if (field == "logName") return "projects/" + entry.project + "/logs/" + entry.task_name;
  if (field == "resource.type") return std::string("ml_job");
  if (field == "resource.labels.job_id") return entry.job_id;
  if (field == "resource.labels.task_name" || field == "labels.task_name" ||
      field == "labels.ml.googleapis.com/task_name") {
    return entry.task_name;
  }
  if (field == "resource.labels.project_id") return entry.project;
  if (field == "jsonPayload.message") return entry.message;
  return std::nullopt;
}

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

// <0, 0, >0 like strcmp; nullopt when the value cannot be compared (bad timestamp...).
std::optional<int> compare(const LogEntry& entry, const std::string& field,
                           const std::string& actual, const std::string& expected) {
  if (field == "timestamp" || field == "receiveTimestamp") {
    const auto time = parse_rfc3339(expected);
    if (!time) return std::nullopt;
    const UnixNanos wanted = unix_nanos(*time);
    return entry.timestamp < wanted ? -1 : (entry.timestamp > wanted ? 1 : 0);
  }
  if (field == "severity") {
    const int wanted = severity_rank(upper(expected));
    const int rank = severity_rank(actual);
    if (wanted < 0) return std::nullopt;
    return rank < wanted ? -1 : (rank > wanted ? 1 : 0);
  }
  return actual.compare(expected);
}

bool has_substring(const std::string& haystack, const std::string& needle) {
  return upper(haystack).find(upper(needle)) != std::string::npos;
}

bool evaluate(const Node& node, const LogEntry& entry) {
  switch (node.kind) {
    case Node::Kind::all_of:
      return std::all_of(node.children.begin(), node.children.end(),
                         [&](const NodePtr& child) { return evaluate(*child, entry); });
    case Node::Kind::any_of:
      return std::any_of(node.children.begin(), node.children.end(),
                         [&](const NodePtr& child) { return evaluate(*child, entry); });
    case Node::Kind::negation:
      return !evaluate(*node.children.front(), entry);
    case Node::Kind::comparison:
      break;
  }
  const auto actual = field_of(entry, node.field);
  if (!actual) return false;
  if (node.op == ":") return has_substring(*actual, node.value);
  const auto order = compare(entry, node.field, *actual, node.value);
  if (!order) return false;
  if (node.op == "=") return *order == 0;
  if (node.op == "!=") return *order != 0;
  if (node.op == "<") return *order < 0;
  if (node.op == "<=") return *order <= 0;
  if (node.op == ">") return *order > 0;
  return *order >= 0;  // ">="
}

}  // namespace

LogFilter LogFilter::parse(std::string_view text) {
  LogFilter filter;
  filter.root_ = Parser(text).parse_all();
  return filter;
}

bool LogFilter::matches(const LogEntry& entry) const {
  return !root_ || evaluate(*root_, entry);
}

std::optional<std::string> LogFilter::required_job_id() const {
  if (!root_) return std::nullopt;
  auto is_job_id = [](const Node& node) {
    return node.kind == Node::Kind::comparison && node.field == "resource.labels.job_id" &&
           node.op == "=";
  };
  if (is_job_id(*root_)) return root_->value;
  if (root_->kind != Node::Kind::all_of) return std::nullopt;
  for (const auto& child : root_->children) {
    if (is_job_id(*child)) return child->value;
  }
  return std::nullopt;
}

}  // namespace magritte::emulator
