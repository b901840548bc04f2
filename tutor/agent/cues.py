"""The lexical cues the router weighs (tutor/agent/router.py): requests to launch or to be
quizzed, negations, questions and requests for an explanation, remarks, orders at the end of
a question, the topics of the course. Regular expressions only; what they mean for a route is
decided in router.decide."""

from __future__ import annotations

import re

from tutor.agent.chat import APP_QUESTION

# Informal spellings of a wish or an offer ("I wanna see", "lemme try", "gimme a demo",
# "gonna train"), written out so that the cues and the classifier read them as the words
# they stand for ("I want to see" is a request). Cues only: arguments are read as typed.
_INFORMAL = (
    (re.compile(r"\bwanna\b", re.I), "want to"),
    (re.compile(r"\bgonna\b", re.I), "going to"),
    (re.compile(r"\blemme\b", re.I), "let me"),
    (re.compile(r"\bgimme\b", re.I), "give me"),
    (re.compile(r"\bgotta\b", re.I), "got to"),
)


def written_out(text: str) -> str:
    """`text` with its informal contractions written out ("wanna" -> "want to")."""
    for pattern, words in _INFORMAL:
        text = pattern.sub(words, text)
    return text


NEGATED = re.compile(
    r"\b(don'?t|do not|dont|no need to|without|never|not)\b.{0,25}"
    r"\b(run|launch|start|demo|show|train|execute)"
    r"|\bjust (explain|tell|describe)|\bno demo|\bskip (?:the |a |any )?demos?\b",
    re.I,
)
LAUNCH = re.compile(
    r"\b(draw|sketch)\b.{0,20}\b(\d|zero|one|two|three|four|five|six|seven|eight|nine)\b|"
    # "run through"/"run over" a topic is to explain it
    r"\b(show|run(?! (?:me |us )?(?:through|over)\b)|start|launch|train|watch|demo|"
    r"demonstrate|play|visuali[sz]e|"
    r"let me (see|choose|pick)|"
    # the model set to write: "let the model continue 'a fox at midnight'"
    r"(let|have|make) (the|your|a) (\w+ ){0,2}(model|llm) (continue|write|generate|complete)|"
    # a model taught something is the fine-tune: "teach a tiny model to talk like a pirate"
    r"teach (a|an|the|this|your|my) (\w+ ){0,3}(model|llm|chatbot)|"
    # a demo's picture asked for by its noun: "attention heatmap for ...", "a plot of ..."
    r"(heat ?map|plot|chart|graph|visuali[sz]ation|diagram)s? (for|of)|"
    # scoring against a reference, BLEU's request: "score it", "with the reference ..."
    r"(score|rate|grade) (it|this|that|them|my \w+)|using bleu|bleu score (for|of)|"
    r"(compare|score|check)\b.{0,100}\b(with|against|to) (the |a |my )?reference|"
    r"tokeni[sz]e|split|plot|draw|fine-?tune|"
    r"animate|simulate|fire up|kick off|try|"
    # plain requests: "generate some digits", "let's do the vae one", "I want to see it learn"
    r"generate|write me|make (me )?(some|a|an)|walk|morph\w*|interpolat\w*|"
    # "let's actually see", "let's just try": an adverb between the wish and its verb
    r"let'?s (\w+ )?(do|see|try|train|watch|run)|"
    r"i(?: woul|')?d (like|love) to (see|watch|try|pick|choose)|"
    r"i want (to )?(see|watch|try|pick|choose)|"
    r"(see|watch) (it|one|them) (in practice|learn|train)|live example|hands-on|in action|"
    # making digits in plain words: "make up some new digits", "invent a few numbers"
    r"(invent|produce|create|make up|dream up|conjure( up)?) (me )?"
    r"(some|a few|a couple of|a bunch of|new|more|lots of|\d+)|"
    # moving through a latent space without the word "interpolate": "move between two
    # points", "glide from one point to another", "travel from a 4 to a 9"
    r"(move|travel|glide|slide|blend|walk)\w* (\w+ )?(between|from|through|across|into)|"
    r"go from)\b"
    r"|^\s*(please\s+)?sample\b"  # "sample the next word at temperature 2"

    # class "an order to compute a demo's figure": "compute bleu: ...", "calculate the score
    # for ...", "work out the analogy ..." (an opening imperative naming what a demo measures;
    # "how do I compute" asks, "work out why the GAN collapses" asks for a reason)
    r"|^\s*(?:(?:please|now|ok(?:ay)?|then|just)[,\s]+)*(?:compute|calculate|work out)\s+"
    r"(?:(?:the|a|an|my|its|their|this|that)\s+)?(?:[\w-]+\s+)?(?:bleu|scores?|analog(?:y|ies)"
    r"|attention|similarit(?:y|ies)|nearest|neighbou?rs?|tokens?|embeddings?)\b",
    re.I,
)
FEW = r"(some |a few |a couple of |a couple |several |\d+ |five |ten |three )?(more )?"
QUIZ = re.compile(
    # "in practice", "into practice" are idioms for real use, not practising
    r"\b(quiz+|test (me|my)|drill (me|my)|flash ?cards?|(?<!\bin )(?<!\binto )practi[cs]e|"
    r"question me|examine me|be examined|(be|get|getting) (tested|quizzed)|"
    r"(ask|give|hit|throw|fire|send) me( with)? " + FEW + r"(quick |short |practice )?"
    r"(questions|things|problems|exercises)|"
    r"(throw|fire) " + FEW + r"(quick |short )?questions at me|"
    # questions whose purpose is checking the learner: "a few questions to check I understood",
    # "some questions to make sure I got it", "questions so I can see whether I followed"
    r"questions ((on|about) ([\w-]+ ){1,3})?(to|that|so|for) (\w+ ){0,2}"
    r"(check|see|test|make sure|find out|verify|confirm)|"
    # whether the learning held: "to see if it stuck", "check whether that sank in"
    r"(if|whether) (it|that|this|any of (it|that)) (has |have )?(stuck|sunk in|sank in)|"
    r"check (what|my|how much|whether i|if i|that i|i )|what'?s due|review|"
    # quiz formats and checks of memory: "multiple choice questions on X", "ask me
    # something about X", "see if I remember the part on attention"
    r"multiple[- ]choice|mcqs?|true[- ]or[- ]false questions|"
    # a test by its kind: "could we do a mini exam?", "write practice questions on VAEs"
    r"(quick|short|little|mini|practice|mock) (test|exam)|(exam|test|practice) questions|"
    r"ask me (something|anything|a question|one|a few|a couple)|"
    r"(see|find out|check|test|know) (if|whether|how much|what) i (still )?"
    r"(remember|recall|retained|know|understood|learned|learnt|got))\b",
    re.I,
)
# A quiz cue aimed at the learner: in a question only these start a quiz ("what's due for
# review?", "could you test my knowledge?"); "is a quiz-style benchmark a good test?" asks
# about quizzes.
QUIZ_ME = re.compile(
    r"\b(quiz|test|question|examine|drill|ask)\s+me\b|\bwhat'?s due\b|\bmy (knowledge|"
    r"understanding)\b|\b(if|whether|what) i (still )?(remember|recall|know|understood)\b"
    r"|\b(if|whether) (it|that|this) (has )?(stuck|sunk in|sank in)\b"
    r"|\bi (be|get) (tested|quizzed)\b",
    re.I,
)
# A polite request whose verb runs something ("could you demo DDIM sampling?", "can you run
# the VAE?"): a request, not a question, though it ends with a question mark. "Show" is left
# out ("can you show the maths behind diffusion?" asks), as are "run through", "run over".
POLITE_LAUNCH = re.compile(
    r"^\s*(?:can|could|would|will) (?:you|u) (?:please |pls )?(?:demo|run|launch|start)\b"
    r"(?!\s+(?:through|over|down|me through|us through)\b)"
    r"(?!\s+(?:me |us )?(?:why|how|what|when|where|whether|if)\b)"
    # asking to watch something happen: "could we watch the digits appear live?" ("can I see
    # an example of mode collapse?" asks for an explanation)
    r"|^\s*(?:can|could|may) (?:i|we|u) (?:please )?(?:watch|see)\b.{0,60}"
    r"\b(?:live|happen\w*|in action|as it (?:trains|learns|runs))\b"
    # watching a model at work ("could we watch the tutor's model being taught a new
    # accent?"); "can I see" a thing without "live" asks for an example ("can I see an
    # example of mode collapse?")
    r"|^\s*(?:can|could|may) (?:i|we|u) (?:please )?watch (?:a|an|the|your|some)\b",
    re.I,
)
QUESTION = re.compile(
    # the question words and their common misspellings ("wat is pixelcnn", "hw does it work"),
    # and contractions typed without the apostrophe ("whats a conditional vae")
    r"^\s*(what|why|how|when|where|who|which|explain|define|describe|tell me|"
    r"wat|wot|wht|waht|whta|hw|hwo|whats|wats|hows|whys|wheres|whos|is|am|are|does|do|did|"
    # a yes/no question with a modal about something other than you or me ("can a LoRA
    # adapter teach a model a new voice?"); "can you", "would it be possible to" ask
    r"(?:can|could|would|will|should|might|must|was|were)"
    r"(?!\s+(?:you|u|ya|i|we|me|it be|there be)\b))\b",
    re.I,
)
# A question word before the polite frame asks about the act, it does not request it:
# "how would you demonstrate that ...?", "why should I run more steps?"; and "should I ...?"
# asks for advice ("should I train it longer or use more data?").
ASKS_HOW = re.compile(
    r"^\s*(?:(?:what|why|how|when|where|which)\s+(?:\w+\s+)?(?:would|could|should|will|can)"
    r"\s+(?:you|u|i|we)|should (?:i|we))\b",
    re.I,
)
REQUEST = re.compile(
    r"\b(can|could|would|will) (you|u|ya|i|we)\b|\blet me\b|\bplease\b|\bi want (to )?(see|watch)",
    re.I
)
# A request for an explanation, polite or plain ("can you explain how a VAE draws digits?",
# "walk me through the discriminator", "let's go through the VAE loss", "can you go into more
# detail on GANs?", "let's move on to tokenization") is a question however it opens.
EXPLAIN = re.compile(
    r"^\s*(?:(?:ok(?:ay)?|so|now|alright),?\s+)?"
    r"(?:(?:(?:can|could|would|will) (?:you|u|ya|we)|please|let'?s|lets)(?: please)?\s+)?"
    r"(?:explain|describe|clarify|tell me (?:about|how|why|what|whether|if)|"
    r"walk me (?:through|thru)|talk me (?:through|thru)|talk about|discuss|"
    r"go (?:through|thru|over|into)|move on to|help me understand|summari[sz]e|recap|"
    # showing the math is explaining it: "can you show me the attention equation"; so is
    # showing code ("show me the python code for a training loop"): the tutor writes no code
    # (not in a quoted text for a demo: "the attention weights for 'a code review'")
    r"(?:show|give|write)(?: me| us)? (?:out )?(?:the |a |an )?(?:[\w()-]+(?:'s)? ){0,6}?"
    r"(?:math|maths|formula|equation|derivation|proof|code|snippet|explanation|overview"
    r"|summary|rundown)s?"
    # a loss written out is its formula ("write down the diffusion objective"); "show me
    # the loss" is the live curve
    r"|write(?: me| us)? (?:out|down) (?:the |a |an )?(?:[\w()-]+(?:'s)? ){0,4}?"
    r"(?:loss|objective)(?: functions?)?)\b",
    re.I,
)
# A word given as an example of a kind ("how would a word like 'unbelievable' be split?",
# "words such as 'running'"): the question is about the kind, answered from the notes.
GENERIC = re.compile(
    r"\b(?:an?|any|some) (?:\w+ )?(?:word|name|term|sentence|phrase|string)s? (?:like|such as)\b"
    r"|\b(?:word|name|term|sentence|phrase|string)s (?:like|such as)\b"
    r"|\b(?:for example|for instance|e\.g\.)",
    re.I,
)
# What a question must ask about a given string to be a tokenizer request: how it is split
# ("what does the word 'token' mean?" asks for a meaning).
SPLITTING = re.compile(
    r"\b(split\w*|tokeni[sz]\w*|broken|break\w*|chop\w*|cut (up|into)|pieces|"
    r"(how many|which|what) tokens|into tokens|sees?)\b",
    re.I,
)
# Class "a question opened by a hedge": a word that only tones the question ("approximately
# when did transformers arrive?", "exactly how many steps is enough?") stands before its
# question word.
HEDGE = re.compile(
    r"^\s*(?:roughly|approximately|around|about|exactly|precisely|basically|briefly|quickly|honestly"
    r"|seriously|really|just|in short|in a nutshell)\s+(?=\w)", re.I)
# A question after an opening phrase: "in practice, how long does a GAN take to train?",
# "out of curiosity: why is the KL term there?". "how about ..." is a suggestion.
LATE_QUESTION = re.compile(
    r"^[^?]{0,40}?[,:;]\s*(what|why|how(?! about)|when|where|who|which|is|are|does|do|did)\b"
    r"[^,:;]*\?\s*$",
    re.I,
)
# A hypothetical, a condition then a question about its outcome ("if I tokenized a Chinese
# sentence, would it split into more tokens?", "if we doubled the steps does the GAN get
# sharper?"): it asks what would happen, it does not order it done.
# Class "a question framed as hypothetical": a frame that says so ("hypothetically, ...",
# "in theory, ...", "theoretically speaking, ...", "purely in principle: ...") opening a
# question asks what would happen, whatever demo or string it names.
HYPOTHETICAL = re.compile(
    r"^\s*(?:(?:so|and|but|ok(?:ay)?),?\s+)?(?:what )?if (?:i|you|we|it|the|a|an|my)\b"
    r"[^?]*\b(?:would|will|does|do|is|are|could|might|gets?)\b[^?]*\?\s*$"
    r"|^\s*(?:(?:so|and|but|ok(?:ay)?|just|purely),?\s+)?"
    r"(?:hypothetically|theoretically|in theory|in principle|in a hypothetical)"
    r"(?:\s+(?:speaking|case|world|scenario))?\s*[,:;—–-]?\s+[^?]*\?\s*$",
    re.I,
)
# The quiz cue of checking ("check my answers") with a demo as the instrument ("check my
# translation with bleu: ...") asks for that demo; "check what I remember about VAEs" quizzes.
CHECK = re.compile(r"^\s*check\b", re.I)
INSTRUMENT = re.compile(r"\b(?:with|using|via|through)\s+(?:the\s+|a\s+)?([\w-]+)", re.I)
# Questions about the tutor itself ("how do I use this app?", "what commands does the tutor
# take?") are chat, answered with the help text, not from the notes.
ABOUT_TUTOR = re.compile(
    r"\bthis (?:tutor|app|application|program|tool)\b|\bthe (?:tutor|app)\b"
    r"|\bhow (?:do|can|should) i (?:use|talk to|work with) (?:you|this)\b"
    r"|\bwhat commands\b|\byour (?:name|commands)\b"
    # the app's own features (chat.APP_QUESTION): its demos, quizzes, saving the conversation
    r"|" + APP_QUESTION.pattern,
    re.I,
)
# Class "a bare term asked": a term alone with a question mark ("wgan?", "vae = ?", "mode
# collapse??") asks what it is; a request has a verb or the word demo ("gan demo?").
BARE_TERM_QUESTION = re.compile(
    r"^\s*(?!.*\b(?:demo|demos|run|show|start|train|launch|play|try|again|more|please|pls)\b)"
    r"[\w.+/-]+(?:\s+[\w.+/-]+){0,2}\s*[=:]?\s*\?+\s*$",
    re.I,
)
# class "an opening order that hands a demo its data": a text to continue ("continue 'the
# dragon' at temperature 0.2", "finish 'once upon a' with top-k 5"), words to lay out by
# meaning ("map the words sun moon star"): an order, however the classifier reads "finish",
# "continue" or "map" on their own
DATA_ORDER = re.compile(
    r"^\s*(?:please\s+)?(?:(?:continue|complete|finish)\b(?=[^'\"\u201c]{0,30}['\"\u201c])"
    r"|(?:map|cluster)\s+(?:these\s+|the\s+|some\s+)?(?:words?|terms?)\b(?!\s+(?:to|onto)\b))",
    re.I)
# class "in plain words": "attention in simple words, please", "diffusion in layman's terms" ask
# for an explanation of the topic they name
PLAIN_TERMS = re.compile(
    r"\bin (?:plain|simple|simpler|layman'?s?|everyday|easy) (?:english|words|terms|language)\b",
    re.I)
# class "asked for live": a message that ends by asking to see it live ("run the two samplers side
# by side live for me") orders the demo it names ("is the demo live?" is a question).
LIVE_ORDER = re.compile(r"\blive(?: for (?:me|us))?(?:,? please| pls)?\s*[.!]*\s*$", re.I)
# A question that ends by asking to be shown ("which words does each word look at? show
# me", "how close are these two sentences? score it for me") is a request: the last clause
# is an order to act. Showing "the math" or "an example" stays an explanation.
TRAILING_ORDER = re.compile(
    r"[?.,;:!—–-]\s*(?:ok(?:ay)?,?\s+|now\s+|then\s+|please\s+|(?:can|could|would) you\s+)?"
    r"(?:show|demo|run|score|plot|draw|visuali[sz]e|let me see)\b"
    r"(?!.{0,20}\b(?:math|maths|formula|equation|derivation|proof|code|an? example)\b)"
    r"[^?]{0,40}[.!]?\s*$",
    re.I,
)
# "do paris - france + italy with the embeddings demo": "do" opening an order, not a question.
# Class "do the X thing": "do" with a determiner and a word for an activity ("do the
# analogy thing with ...", "now do that attention one", "do a quick bleu bit", "do a short
# quiz on GANs") orders it;
# a question opening with "do" has a subject instead ("do GANs ...", "do the weights ...").
DO_ORDER = re.compile(
    r"^\s*(?:(?:please|now|ok(?:ay)?|then|just|so)[,\s]+)*do\b"
    r"(?:(?=[^?]*\bdemo\b)|\s+(?:the|a|an|that|this|another|one more|my|your)\s+"
    # the thing may be named by a formula: "do the queen - woman + man thing"
    r"(?:[\w-]+\s+(?:[-+*/=]\s+)?){0,3}"
    r"(?:thing|one|bit|trick|exercise|experiment|visuali[sz]ation|quiz|test)\b"
    # or by what it computes: "do the analogy berlin - germany + spain", "do the pirate lora"
    r"|\s+(?:the|a|an|my|your)\s+(?:[\w-]+\s+){0,2}(?:analog(?:y|ies)|lora|fine-?tune"
    r"|bleu)\b"
    # or is the formula itself: "do tokyo - japan + kenya with the vectors"
    r"|\s+[\w-]+\s+(?:-|minus)\s+[\w-]+\s+(?:\+|plus)\s+[\w-]+\b)"
    r"[^?]*$",
    re.I,
)
# A demo named first and then configured, with no verb: "gan with lr .01", "beta-vae with
# beta=0.5 and latent dim 8 please". Only at the start of the message, so that a statement
# ("a VAE with beta 4 is blurrier") stays a statement.
# A verb that makes a message naming a demo a remark, not a request with no verb: "a VAE with
# beta 4 gives blurrier digits", "GANs with a high lr are unstable".
REMARK = re.compile(
    r"\b(is|are|was|were|be|been|has|have|had|does|did|can|will|would|should|could|"
    r"gives?|gets?|makes?|seems?|looks?|tends?|causes?|leads?|produces?|creates?|blurs?|"
    r"learns?|works?|means?|helps?|needs?|becomes?|collapses?|oscillates?|converges?|"
    r"fails?|diverges?|generates?)\b",
    re.I,
)
CONFIG_OPENING = re.compile(
    r"^\s*(?:the\s+)?[\w-]+(?:\s+(?:demo|one|score|heat ?map))?\s*(?:with|,|:|on|for|\w+\s*=)",
    re.I,
)
DOMAIN = re.compile(
    r"\b(gans?|wgan\w*|dcgan|vaes?|cvae|autoencoder\w*|diffusion|transformer\w*|token\w*|embedding\w*|llms?|"
    r"language models?|neural|generative|ai|latent|attention|prompt\w*|fine-?tun\w*|rlhf|"
    r"gpt\w*|bert|"
    r"models?|train\w*|discriminator|generator|deepfakes?|bias|kl|divergence|bpe|notes?|"
    r"learning rate|"
    r"loss|sampl\w*|decoder|encoder|mode collapse|wasserstein|beta|dall|midjourney|chatbots?)\b",
    re.I,
)


# "why would a tokenizer show 'ing' as a token?" asks for a reason, not for a run.
WHY = re.compile(r"^\s*(?:why|how come)\b", re.I)
NAME = re.compile(r"\b(?!I\b)[A-Z][A-Z0-9-]*[A-Z0-9]\b")

# Class "a question after an account": a message that tells what happened and closes by
# asking ("I ran the VAE earlier and it came out blurry, is that normal?") asks; the demo it
# names is the subject, not an order. The closing clause opens with a question word or an
# inverted auxiliary; a polite request there ("..., can you run it?") still orders.
CLOSING_QUESTION = re.compile(
    r"(?:[,.;:!—–]|\s-|\b(?:and|but|so))\s*(?:(?:and|but|so|then|now|i wonder|wondering)\s+)?"
    r"(?:(?:what|why|how(?! about)|when|where|who|which|is|are|was|were|does|do|did|has|have"
    r"|had|should|shouldn'?t|isn'?t|aren'?t|wasn'?t|doesn'?t|didn'?t|might"
    # asking for advice: "..., anything I could try?", "..., any tips?"
    r"|anything|any)\b"
    # a polite frame asks only for an explanation ("..., could you say why?"); "..., can I
    # see it on the spiral?" is a request
    r"|(?:would|could|can|will|may)\b(?!\s+(?:you|u|i|we)\b(?!\s+(?:please\s+)?(?:explain"
    r"|tell|describe|clarify|say|help me understand)\b)))"
    r"[^,.;:!?—–]*\?\s*$",
    re.I,
)
# ... and one closing with "why" though typed without its question mark ("the interpolation
# slides from 1 to 8 so evenly, why is that"); "why not" suggests
CLOSING_WHY = re.compile(r"[,.;:!—–]\s*(?:(?:but|so|and)\s+)?(?:why|how come)\b(?!\s+not\b)"
                         r"[^,.;:!?—–]*$", re.I)
# Class "a verdict on what was done": a remark on a quiz or demo the learner has had ("that
# quiz was fun", "loved the diffusion demo", "nice demo!") names it without asking for it.
VERDICT = re.compile(
    r"\b(?:the|that|this|last|your|previous|today'?s) (?:[\w-]+ ){0,2}(?:quiz(?:zes)?|demos?|run)"
    r"\s+(?:was|were|is|looked|seemed|felt|went|got|has been)\b"
    r"|\b(?:liked|loved|enjoyed|hated|disliked|appreciated|like|love|enjoy|enjoying|loving)\s+"
    r"(?:the|that|this|your|these|those|last|doing|taking) (?:[\w-]+ ){0,2}(?:quiz(?:zes)?|demos?)"
    r"|\b(?:nice|great|cool|fun|good|awesome|neat|lovely|brilliant|fantastic|tough|hard|easy)"
    r" (?:[\w-]+ )?(?:quiz|demo)\b(?!\s+(?:on|about|of|for|with)\b)"
    r"|\b(?:thanks|thank you|thx|ty) for the (?:[\w-]+ ){0,2}(?:quiz|demo)\b",
    re.I,
)
# Class "a quiz refused or put off": "not in the mood for a quiz", "no quiz yet", "skip the
# test" ask for something else; the clause ends the negation's reach ("not sure, quiz me").
NEGATED_QUIZ = re.compile(
    r"\b(?:not|no|don'?t|do not|never|without|skip|hold off on|rather not)\b[^,.;:!?]{0,30}?"
    r"\b(?:quiz\w*|test(?:ing)? me|flash ?cards?|practice questions)\b",
    re.I,
)
# a formula written with its result: "king - man + woman = queen", "... gives queen"
SOLVED = re.compile(r"[-+]\s*[\w'-]+\s*(?:=|->|→|gives|equals|is)\s*\w", re.I)
# the nearest words to a word, asked for: "what words lie nearest to 'harbour'?"
NEIGHBOURS = re.compile(r"\b(?:closest|nearest|neighbou?rs?|most similar)\b", re.I)
# a question asking for a formula's result: "what does it come out as", "what do you get",
# "oslo - norway + peru = ?", "what's tokyo - japan + kenya?"
ASKS_RESULT = re.compile(r"\b(?:comes? out|gives?|equals?|results? in|lands? on|ends? up (?:as|at"
                         r"|with)|produces?|returns?|get|gets|make|makes)\b|=\s*\?+\s*$"
                         r"|^\s*what(?:'s| is)\s+[\w'-]+\s*[-+]\s*[\w'-]+\s*[-+]", re.I)
