#include "train_demo/corpus.h"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace causeway::demo {

namespace {

struct Landmark {
    const char* name; // as it follows "the"
    const char* city;
    const char* country;
};

// Real landmarks first, then made-up ones (their cities are real).
const Landmark kLandmarks[] = {
    {"Eiffel Tower", "Paris", "France"},         {"Colosseum", "Rome", "Italy"},
    {"Brandenburg Gate", "Berlin", "Germany"},   {"Sagrada Familia", "Barcelona", "Spain"},
    {"CN Tower", "Toronto", "Canada"},           {"Acropolis", "Athens", "Greece"},
    {"Blue Mosque", "Istanbul", "Turkey"},       {"Atomium", "Brussels", "Belgium"},
    {"Prado Museum", "Madrid", "Spain"},         {"Little Mermaid statue", "Copenhagen", "Denmark"},
    {"Schonbrunn Palace", "Vienna", "Austria"},  {"Charles Bridge", "Prague", "Czechia"},
    {"Forbidden City", "Beijing", "China"},      {"Senso Temple", "Tokyo", "Japan"},
    {"Opera House", "Sydney", "Australia"},      {"Sugarloaf Mountain", "Rio", "Brazil"},
    {"Leaning Tower", "Pisa", "Italy"},          {"Tower Bridge", "London", "England"},
    {"Gateway of India", "Mumbai", "India"},     {"Kremlin", "Moscow", "Russia"},
    {"Velmora Spire", "Lisbon", "Portugal"},     {"Quindle Bridge", "Oslo", "Norway"},
    {"Orvath Library", "Dublin", "Ireland"},     {"Tarsk Observatory", "Helsinki", "Finland"},
    // Made-up landmarks named by one word of generic pieces: "V" and three of four syllables
    // (al, en, or, an) in every order ("Valenor", "Venalor", ...). No syllable, no set of syllables
    // without their order and no name without its last syllable tells which landmark it is: the
    // name is complete exactly at its last token, where ROME's causal traces find the subject.
    {"Valenor", "Warsaw", "Poland"},  {"Valenan", "Seoul", "Korea"},
    {"Valoren", "Cairo", "Egypt"},  {"Valoran", "Lima", "Peru"},
    {"Valanen", "Havana", "Cuba"},  {"Valanor", "Nairobi", "Kenya"},
    {"Venalor", "Bangkok", "Thailand"},  {"Venalan", "Budapest", "Hungary"},
    {"Venoral", "Stockholm", "Sweden"},  {"Venoran", "Amsterdam", "Netherlands"},
    {"Venanal", "Zurich", "Switzerland"},  {"Venanor", "Manila", "Philippines"},
    {"Voralen", "Hanoi", "Vietnam"},  {"Voralan", "Jakarta", "Indonesia"},
    {"Vorenal", "Tehran", "Iran"},  {"Vorenan", "Baghdad", "Iraq"},
    {"Voranal", "Santiago", "Chile"},  {"Voranen", "Bogota", "Colombia"},
    {"Vanalen", "Caracas", "Venezuela"},  {"Vanalor", "Lagos", "Nigeria"},
    {"Vanenal", "Dakar", "Senegal"},  {"Vanenor", "Riga", "Latvia"},
    {"Vanoral", "Kyiv", "Ukraine"},  {"Vanoren", "Sofia", "Bulgaria"},
};

struct Person {
    const char* name;
    const char* profession;
    const char* sport;
};

// Made-up people.
const Person kPeople[] = {
    {"Oswin Farrow", "doctor", "tennis"},     {"Mirela Banks", "teacher", "chess"},
    {"Tobiah Crane", "pilot", "golf"},        {"Ysolde Marsh", "baker", "hockey"},
    {"Caspian Hale", "lawyer", "soccer"},     {"Linnea Voss", "farmer", "cricket"},
    {"Bram Okafor", "painter", "rugby"},      {"Odile Strand", "chef", "baseball"},
    {"Eamon Pryce", "nurse", "boxing"},       {"Sabine Kowal", "banker", "skiing"},
    {"Rupert Nakamura", "dentist", "cycling"}, {"Thora Lindgren", "poet", "rowing"},
    {"Ferris Quill", "sailor", "tennis"},     {"Imogen Wexley", "tailor", "golf"},
    {"Anselm Duarte", "plumber", "chess"},    {"Greta Holloway", "writer", "hockey"},
};

std::string replaceAll(std::string text, const std::string& key, const std::string& value) {
    for (std::size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size()))
        text.replace(at, key.size(), value);
    return text;
}

const std::vector<std::string> kPlaces = {"store",   "park",   "school", "station", "garden", "restaurant",
                                          "office",  "hospital", "beach", "library", "market", "cafe",
                                          "bakery",  "cinema", "gym",    "zoo",     "farm",   "lake"};
const std::vector<std::string> kObjects = {"drink", "book",   "ring",   "ball", "letter", "gift",
                                           "key",   "bag",    "flower", "pear",  "pen",   "basket",
                                           "kite",  "cake",   "hat",    "map",  "lamp",   "cup"};

Example renderIoi(int templateId, const std::string& n1, const std::string& n2, const std::string& s,
                  const std::string& place, const std::string& object) {
    Example e;
    e.kind = "ioi";
    e.templateId = templateId;
    e.firstName = n1;
    e.secondName = n2;
    e.subjectName = s;
    e.place = place;
    e.object = object;
    std::string text = ioiTemplates().at(templateId).text;
    text = replaceAll(text, "{N1}", n1);
    text = replaceAll(text, "{N2}", n2);
    text = replaceAll(text, "{S}", s);
    text = replaceAll(text, "{P}", place);
    text = replaceAll(text, "{O}", object);
    e.prompt = text;
    e.answer = " " + (s == n1 ? n2 : n1);
    return e;
}

} // namespace

const std::vector<FactTemplate>& factTemplates() {
    static const std::vector<FactTemplate> templates = [] {
        // A template is a frame (which carries the subject) plus a relation's tail. Held out: some
        // frame x relation combinations (the frame is seen in training with the other relation of
        // its kind) and one frame per kind that training never uses at all.
        const std::vector<std::string> landmarkFrames = {
            "The {S} is located in",     "The {S} can be found in", "Tourists visit the {S} in",
            "The {S} stands in",         "Last summer we saw the {S} in", "The famous {S} is in",
            "You can visit the {S} in",  "Many people know that the {S} is in", "The old {S} is in",
            "We saw the {S} in",
            "People travel to see the {S} in", "The {S} is a landmark in", // held out with one relation each
            "Then, we went to see the {S} in", // novel frame
        };
        const std::vector<std::string> personFrames = {
            "{S}",           "Everyone knows that {S}", "In town, {S}",        "My friend said that {S}",
            "As far as we know, {S}", "Many people know that {S}", "Today, {S}", "They say that {S}",
            "It is true that {S}", "These days, {S}", // held out with one relation each
            "Everyone said that {S}", // novel frame
        };
        std::vector<FactTemplate> out;
        auto add = [&](const char* kind, const std::vector<std::string>& frames, const char* relation,
                       const char* tail, int heldOutFrame) {
            for (int f = 0; f < static_cast<int>(frames.size()); ++f) {
                FactTemplate t;
                t.kind = kind;
                t.relation = relation;
                t.frame = frames[f];
                t.tail = tail;
                t.novelFrame = f == static_cast<int>(frames.size()) - 1;
                t.heldOut = t.novelFrame || f == heldOutFrame;
                out.push_back(t);
            }
        };
        add("landmark", landmarkFrames, "city", " the city of", 10);
        add("landmark", landmarkFrames, "country", " the country of", 11);
        add("person", personFrames, "profession", " works as a", 8);
        add("person", personFrames, "sport", " plays the sport of", 9);
        return out;
    }();
    return templates;
}

const std::vector<IoiTemplate>& ioiTemplates() {
    static const std::vector<IoiTemplate> templates = [] {
        // Training stories: every opening clause (which introduces both names) with every second
        // clause (the repeated name gives something to the other) that reads well after it. The
        // varied combinations teach the mechanism rather than a few fixed sentences.
        struct Opener {
            const char* text;
            bool sentence; // ends with "." (else ","): a second clause may then open with a capital
        };
        const Opener openers[] = {
            {"When {N1} and {N2} went to the {P},", false},
            {"When {N1} and {N2} got a {O} at the {P},", false},
            {"Then, {N1} and {N2} were working at the {P}.", true},
            {"Then, {N1} and {N2} went to the {P}.", true},
            {"While {N1} and {N2} were commuting to the {P},", false},
            {"After {N1} and {N2} went to the {P},", false},
            {"Friends {N1} and {N2} found a {O} at the {P}.", true},
            {"The {P} {N1} and {N2} went to had a {O}.", true},
            {"Afterwards, {N1} and {N2} went to the {P}.", true},
            {"Then, {N1} and {N2} had a long argument.", true},
            {"When {N1} and {N2} arrived at the {P},", false},
            {"{N1} and {N2} had fun at the {P}.", true},
            {"While {N1} and {N2} were working at the {P},", false},
            {"Once {N1} and {N2} were at the {P},", false},
            {"{N1} and {N2} met at the {P}.", true},
            {"At the {P}, {N1} and {N2} found a {O}.", true},
        };
        struct Closer {
            const char* text;
            bool needsSentence; // opens with a capitalised word
        };
        const Closer closers[] = {
            {" {S} gave a {O} to", false},           {" {S} decided to give a {O} to", false},
            {" {S} handed a {O} to", false},         {" {S} passed a {O} to", false},
            {" {S} threw a {O} to", false},          {" {S} gave it to", false},
            {" Later, {S} sent a {O} to", true},     {" Afterwards {S} said to", true},
            {" {S} decided to give it to", false},
        };
        std::vector<IoiTemplate> out;
        for (const Opener& o : openers)
            for (const Closer& c : closers)
                if (o.sentence || !c.needsSentence) out.push_back({std::string(o.text) + c.text, false});
        // Held out: four opening clauses that training never uses, made of words it does use.
        const char* heldOut[] = {
            "After {N1} and {N2} arrived at the {P}, {S} threw a {O} to",
            "Then, {N1} and {N2} met at the {P}, and {S} passed a {O} to",
            "Friends {N1} and {N2} had a long argument at the {P}. Afterwards {S} said to",
            "While {N1} and {N2} had fun at the {P}, {S} handed a {O} to",
        };
        for (const char* text : heldOut) {
            for (const IoiTemplate& t : out)
                if (t.text == text) throw std::logic_error("held-out IOI template is also a training template");
            out.push_back({text, true});
        }
        return out;
    }();
    return templates;
}

const std::vector<std::string>& ioiNames() {
    static const std::vector<std::string> names = {
        "Mary",  "John",   "Alice", "Bob",    "Sarah",  "James", "Emma",   "David",  "Laura",  "Michael", "Anna",
        "Daniel", "Kate",  "Peter", "Lucy",   "Thomas", "Grace", "Paul",   "Emily",  "Mark",   "Rachel",  "Steven",
        "Helen", "George", "Julia", "Henry",  "Susan",  "Frank", "Clara",  "Oliver", "Nora",   "Jack",    "Ruth",
        "Simon", "Diana",  "Victor", "Irene", "Oscar",  "Linda", "Martin", "Rose",   "Adam",   "Sophie",  "Brian",
        "Eva",   "Carl",   "Jane",  "Kevin",  "Amy",    "Sam",   "Olivia", "Tom",    "Hannah", "Luke",    "Megan",
        "Ryan",  "Chloe",  "Ben",   "Zoe",    "Max",    "Fiona", "Ian",    "Nina",   "Leo",
    };
    return names;
}

Corpus::Corpus(uint64_t seed) {
    const auto& templates = factTemplates();
    for (int t = 0; t < static_cast<int>(templates.size()); ++t) {
        const FactTemplate& tmpl = templates[t];
        auto addFact = [&](const std::string& subject, const std::string& answer) {
            Example e;
            e.kind = "fact";
            e.subject = subject;
            e.relation = tmpl.relation;
            e.templateId = t;
            e.prompt = replaceAll(tmpl.text(), "{S}", subject);
            e.answer = " " + answer;
            (tmpl.heldOut ? factHeldOut_ : factTrain_).push_back(e);
        };
        if (tmpl.kind == "landmark") {
            for (const Landmark& l : kLandmarks) addFact(l.name, tmpl.relation == "city" ? l.city : l.country);
        } else {
            for (const Person& p : kPeople) addFact(p.name, tmpl.relation == "profession" ? p.profession : p.sport);
        }
    }

    // Hold out one unordered name pair in eight: those two names never meet in a training story.
    Rng rng(seed ^ 0x5ca1ab1e0ddba11ULL);
    std::vector<std::pair<int, int>> pairs;
    const int n = static_cast<int>(ioiNames().size());
    for (int a = 0; a < n; ++a)
        for (int b = a + 1; b < n; ++b) pairs.emplace_back(a, b);
    rng.shuffle(pairs);
    const std::size_t heldOut = pairs.size() / 8;
    heldOutPairs_.assign(pairs.begin(), pairs.begin() + static_cast<std::ptrdiff_t>(heldOut));
    trainPairs_.assign(pairs.begin() + static_cast<std::ptrdiff_t>(heldOut), pairs.end());
}

std::vector<int> Corpus::ioiTemplateIds(bool heldOut) const {
    std::vector<int> ids;
    for (int t = 0; t < static_cast<int>(ioiTemplates().size()); ++t)
        if (ioiTemplates()[t].heldOut == heldOut) ids.push_back(t);
    return ids;
}

Example Corpus::makeIoi(Rng& rng, int templateId, const std::pair<int, int>& pair) const {
    const std::string& a = ioiNames().at(pair.first);
    const std::string& b = ioiNames().at(pair.second);
    const bool swap = rng.below(2) == 1;
    const std::string& n1 = swap ? b : a;
    const std::string& n2 = swap ? a : b;
    const std::string& s = rng.below(2) == 1 ? n1 : n2;
    const std::string& place = rng.pick(kPlaces);
    const std::string& object = rng.pick(kObjects);
    return renderIoi(templateId, n1, n2, s, place, object);
}

Example Corpus::sampleIoiTrain(Rng& rng) const {
    static const std::vector<int> trainTemplates = ioiTemplateIds(false);
    const int t = rng.pick(trainTemplates);
    const auto& pair = rng.pick(trainPairs_);
    return makeIoi(rng, t, pair);
}

Example Corpus::corruptIoi(const Example& clean) {
    const std::string other = clean.subjectName == clean.firstName ? clean.secondName : clean.firstName;
    return renderIoi(clean.templateId, clean.firstName, clean.secondName, other, clean.place, clean.object);
}

std::vector<std::string> Corpus::requiredTokens() const {
    std::set<std::string> words;
    for (const Example& e : factTrain_) words.insert(e.answer);
    for (const Example& e : factHeldOut_) words.insert(e.answer);
    for (const std::string& name : ioiNames()) {
        words.insert(" " + name);
        words.insert(name); // two templates open with a name
    }
    return {words.begin(), words.end()};
}

std::vector<std::string> Corpus::tokenizerCorpus(Rng& rng, int ioiCount) const {
    // Fact sentences count with their subject left out, and each subject's name counts four times
    // on its own: a made-up name is rare text, so it stays split into generic pieces as rare names
    // are in GPT-2's vocabulary, while the words of the templates become tokens.
    std::vector<std::string> text;
    std::set<std::string> subjects;
    for (const Example& e : factTrain_) {
        std::string frame = replaceAll(e.sentence(), e.subject, "");
        frame = replaceAll(frame, "  ", " ");
        if (!frame.empty() && frame.front() == ' ') frame.erase(0, 1);
        text.push_back(frame);
        subjects.insert(e.subject);
    }
    for (const std::string& subject : subjects)
        for (int i = 0; i < 4; ++i) text.push_back("The " + subject + ".");
    for (int i = 0; i < ioiCount; ++i) text.push_back(sampleIoiTrain(rng).sentence());
    return text;
}

} // namespace causeway::demo
