"""The app's side of the live demos: starting one (in its own process, or in a thread
when it reads the tutor's own loaded model), its worker, its frames, and steering it.
The chat gets a line when a demo starts, when a change takes effect, and when it ends
(with its figures); a training demo that spent its steps offers to train more
(tutor/demo_lines.py says how, and why it starts again from scratch).

A mixin of TutorApp (it uses the app's chat screen, settings, runtime and starters); kept
apart so app.py stays short. Nothing here imports torch.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import work
from textual.worker import get_current_worker

from demos.control import Control
from demos.frames import Metrics
from demos.registry import DEMOS
from tutor import demo_lines
from tutor.agent.retune import apply_steps
from tutor.demo_process import ForwardingControl
from tutor.errors import TutorError
from tutor.ui import workers
from tutor.ui.messages import DemoEnded, DemoFrames, DemoStarted

if TYPE_CHECKING:
    from tutor.ui.screens.chat import ChatScreen

log = logging.getLogger(__name__)


class DemoHost:
    """Demo methods of the app (see TutorApp)."""

    chat: ChatScreen
    demo_control: Control | None
    demo_name: str | None
    demo_run: int
    demo_args: dict[str, Any]  # what the running (or last) demo was started with
    demo_metrics: Metrics | None  # its latest Metrics frame
    demo_acks: int  # steering changes whose acknowledgement (a Log line) is still to come
    demo_offer: demo_lines.MoreOffer | None  # "train more", once a demo spent its steps
    demo_shown: bool  # the last demo finished and its results are on show: it takes changes
    demo_start: workers.Starter
    shared_start: workers.Starter
    runtime: Any
    settings: Any
    post_safely: Any  # TutorApp.post_safely

    async def start_demo(self, name: str, args: dict[str, Any] | None = None) -> None:
        """Start a demo, stopping the one running (only one runs at a time)."""
        if name not in DEMOS:
            await self.chat.log_view.add_notice(f"There is no demo called {name!r}.", "error",
                                                f"Try one of: {', '.join(DEMOS)}.")
            return
        if self.demo_control is not None:
            self.demo_control.stop()
            await self.chat.log_view.add_notice(f"Stopped the {self.demo_name} demo.", "muted")
        self.settings.ensure_dirs()  # the demo process writes its output to the log file
        starter, notes = self._demo_starter(name)
        for note in notes:
            await self.chat.log_view.add_notice(note, "muted")
        self.demo_run += 1
        self.demo_control, self.demo_name = ForwardingControl(), name
        self.demo_args, self.demo_metrics, self.demo_acks, self.demo_offer = \
            dict(args or {}), None, 0, None
        self.demo_shown = False
        self.chat.demo.reset(DEMOS[name].title)
        self.chat.show_tab("tab-demo")
        self.chat.status.demo = f"{name} starting"
        self.demo_worker(name, dict(args or {}), self.demo_control, self.demo_run, starter)

    def _demo_starter(self, name: str) -> tuple[workers.Starter, tuple[str, ...]]:
        """How demo `name` starts: in its own process, or, when it reads the tutor's own
        loaded model, in a thread here with that model in its context; a demo that shows
        the LLM's tokenizer gets the runtime's."""
        plan_for = getattr(self.runtime, "demo_plan", None)  # a test's runtime may lack it
        try:
            plan = plan_for(name) if plan_for is not None else None
        except Exception:  # noqa: BLE001 - a bug: logged; the demo still starts on its own
            log.exception("planning the %s demo failed", name)
            plan = None
        base, context, notes = self.demo_start, {}, ()
        if plan is not None and plan.context:
            base = self.shared_start if plan.shared else self.demo_start
            context, notes = dict(plan.context), plan.notes
        tokenizer = getattr(self.runtime, "llm_tokenizer", None)
        if DEMOS[name].reads_tokenizer and tokenizer is not None:
            return partial(_with_tokenizer, base, context, tokenizer), notes
        return (partial(base, context=context) if context else base), notes

    @work(thread=True, exclusive=True, group="demo", exit_on_error=False)
    def demo_worker(self, name: str, args: dict[str, Any], control: Control, run_id: int,
                    starter: workers.Starter) -> None:
        worker = get_current_worker()

        def body() -> None:
            workers.run_demo(starter, name, args, control, run_id=run_id,
                             post=self.post_safely, cancelled=lambda: worker.is_cancelled)

        workers.in_daemon(body, lambda: worker.is_cancelled, control.stop, "tutor-demo")

    def _current(self, run_id: int) -> bool:
        """Whether a demo message is for the run on screen: not an older run's, and not one
        that arrives while the app closes (its screens are gone by then)."""
        return run_id == self.demo_run and bool(self.screen_stack)

    async def on_demo_started(self, message: DemoStarted) -> None:
        if self._current(message.run_id):
            for note in message.notes:
                await self.chat.log_view.add_notice(note, "muted")
            await self.chat.log_view.add_notice(
                demo_lines.started_line(message.name, self.demo_args))
            self.chat.demo.set_state("running")
            self.chat.status.demo = f"{message.name} running"

    async def on_demo_frames(self, message: DemoFrames) -> None:
        if self._current(message.run_id):
            self.chat.demo.apply(message.batch)
            metrics = [f for f in message.batch.latest.values() if isinstance(f, Metrics)]
            self.demo_metrics = metrics[-1] if metrics else self.demo_metrics
            # A change's acknowledgement is the demo's next Log line (demos/control.py).
            for text in message.batch.logs[:self.demo_acks]:
                await self.chat.log_view.add_notice(
                    demo_lines.steered_line(self.demo_name or "", text))
            self.demo_acks = max(0, self.demo_acks - len(message.batch.logs))
            paused = self.demo_control is not None and self.demo_control.paused
            self.chat.status.demo = f"{self.demo_name} {'paused' if paused else 'running'} " \
                                    f"· step {self.chat.demo.step}"

    async def on_demo_ended(self, message: DemoEnded) -> None:
        if not self._current(message.run_id):
            return
        self.chat.demo.set_state(message.reason)
        self.chat.status.demo = f"{self.demo_name} {message.reason}"
        self.demo_control = None
        self.demo_shown = message.reason == "finished"
        name, metrics, log_view = self.demo_name or "", self.demo_metrics, self.chat.log_view
        await log_view.add_notice(
            demo_lines.ended_line(name, message.reason, self.chat.demo.step, metrics))
        if message.reason == "finished" and metrics is not None and metrics.final:
            self.demo_offer = demo_lines.offer_more(name, self.demo_args, metrics.step)
            if self.demo_offer is not None:
                await log_view.add_notice(self.demo_offer.line(), "muted")

    async def train_more(self) -> None:
        """'train more': run the demo that spent its steps again with the bigger budget."""
        control, log_view = self.demo_control, self.chat.log_view
        if control is not None and control.paused:
            control.resume()
            self.chat.demo.set_state("running")
            await log_view.add_notice(f"Resumed the {self.demo_name} demo.", "muted")
        elif control is not None:
            await log_view.add_notice(
                f"The {self.demo_name} demo is still training (step {self.chat.demo.step}).",
                "muted", "When it has spent its steps, it offers to train more.")
        elif self.demo_offer is None:
            await log_view.add_notice("No demo has finished its steps to train more.", "muted",
                                      "Start one with /demo gan, /demo vae or /demo diffusion.")
        else:
            offer = self.demo_offer
            await self.start_demo(offer.name, offer.args)

    async def steer(self, action: str, changes: dict[str, Any], explanation: str) -> None:
        """Apply a DemoControl from the chat to the running demo's control channel."""
        if action == "more":  # its own lines say what happens: the explanation would repeat it
            await self.train_more()
            return
        if action == "restart":
            await self.restart_demo(changes, explanation)
            return
        control, log_view = self.demo_control, self.chat.log_view
        if control is None and action == "set" and changes and self.demo_shown:
            # the demo finished: a change starts it again with the change ("Changed the
            # running demo" would say otherwise)
            await self.restart_demo(
                changes, f"The {self.demo_name} demo had finished: starting it again with that "
                "change, its other settings kept.")
            return
        if control is None:
            await log_view.add_notice("No demo is running.", "muted",
                                      "Start one with /demo gan, /demo vae or /demo tokenize.")
            return
        if action == "pause":
            control.pause()
        elif action == "resume":
            control.resume()
        elif action == "stop":
            control.stop()
        elif action == "set" and changes:
            control.send(**changes)
            self.demo_acks += sum(key != "pick" for key in changes)  # a pick has no Log line
            self._keep_settings(changes)
        state = {"pause": "paused", "resume": "running", "stop": "stopping"}.get(action)
        if state:
            self.chat.demo.set_state(state)
            self.chat.status.demo = f"{self.demo_name} {state}"
        if changes:
            self.chat.demo.add_log("set " + ", ".join(f"{k}={v}" for k, v in changes.items()))
        if explanation:
            await log_view.add_markdown(explanation)


    async def restart_demo(self, changes: dict[str, Any], explanation: str) -> None:
        """A launch setting changed from the chat: start the same demo again with it, its
        other current settings kept (start_demo stops the run in progress)."""
        name = self.demo_name
        if name is None:
            await self.chat.log_view.add_notice("No demo is running.", "muted",
                                                "Start one with /demo gan, /demo vae or /demo "
                                                "tokenize.")
            return
        reported = self.demo_metrics.values if self.demo_metrics is not None else {}
        try:  # "the next head": the step is added to the run's current head
            changes = apply_steps(name, changes, self.demo_args, reported)
        except TutorError as exc:
            await self.chat.log_view.add_notice(exc.message, "error", exc.hint)
            return
        if explanation:  # plain text: it quotes the learner's own words (a prompt, a sentence)
            await self.chat.log_view.add_notice(explanation)
        await self.start_demo(name, {**self.demo_args, **changes})

    def _keep_settings(self, changes: dict[str, Any]) -> None:
        """Settings changed live join the run's settings, so a restart or "train more" keeps
        them; a scale applies to a learning rate the run was started with (else the demo's
        own default stays unknown here, and a restart takes that default)."""
        if self.demo_name not in DEMOS:
            return
        fields = DEMOS[self.demo_name].params.model_fields
        self.demo_args.update({k: v for k, v in changes.items() if k in fields})
        scale, lr = changes.get("lr_scale"), self.demo_args.get("lr")
        if isinstance(scale, int | float) and isinstance(lr, int | float) and "lr" not in changes:
            self.demo_args["lr"] = min(0.1, lr * scale)


def _with_tokenizer(start: workers.Starter, context: dict[str, Any], tokenizer: Any, name: str,
                    args: dict[str, Any], control: Control) -> Any:
    """Start with the tutor LLM's tokenizer in the trusted context; called in the demo's
    worker thread, so reading it (once per runtime) never holds up the UI."""
    return start(name, args, control, context={**context, "llm_tokenizer": tokenizer()})
