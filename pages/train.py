"""Training lab: a visitor trains a CNN, watches it learn and compares it with ours.

The training itself runs in ``fashion_cnn.lab`` (one at a time per server); this
page reads the widgets, starts or stops a run, and redraws the lab's progress every
second in a fragment. That redraw is also the heartbeat: leave the page or close
the tab and the lab stops the run within seconds.
"""

from __future__ import annotations

import math
import uuid

import streamlit as st

from fashion_cnn import data, lab, models, performance, training
from ui import cache, components, plots, session

OWNER_KEY = "lab_owner"
RUN_PARAM = "run"  # ?run=<owner id> in the URL: a reload gets its own run back
BYTES_KEY = "lab_model_bytes"
CURVE_KEY = "lab_model_curve"
DEFAULT_RECIPE = "cnn_bn_small"
DEFAULT_EPOCHS = 3
DEFAULT_TRAIN_SIZE = 10_000
TRAIN_SIZES = (500, 1_000, 2_000, 5_000, 10_000, 20_000, lab.FULL_TRAIN_SIZE)
BATCH_SIZES = (32, 64, 100, 128, 256)
LEARNING_RATES = (0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3)
REFRESH_SECONDS = 1.0
# Whether the progress fragment redraws itself every second (set by each full run).
REFRESHING_KEY = "_lab_refreshing"
STOP_WAIT_SECONDS = 3.0  # a Stop click waits this long for the run to end

LAB = lab.coordinator()
SETTINGS = lab.LabSettings.from_env()


def format_seconds(seconds: float | None) -> str:
    """Return e.g. "about 40 s", "about 3 min", or "a minute or so" when unknown."""
    if seconds is None or math.isnan(seconds):
        return "a minute or so"
    if seconds < 90:
        return f"about {max(1, round(seconds))} s"
    return f"about {round(seconds / 60)} min"


def format_size(count: int) -> str:
    """Return "10,000" or, for the whole training split, "all 55,000"."""
    return f"all {count:,}" if count >= lab.FULL_TRAIN_SIZE else f"{count:,}"


def use_recipe_defaults() -> None:
    """When the recipe changes, start from its own batch size and learning rate."""
    recipe = models.get_recipe(st.session_state["lab_recipe"])
    st.session_state["lab_batch_size"] = recipe.batch_size
    st.session_state["lab_learning_rate"] = recipe.learning_rate


def init_state() -> str:
    """Give the widgets their defaults once per session; return this visitor's id."""
    if "lab_recipe" not in st.session_state:
        st.session_state["lab_recipe"] = DEFAULT_RECIPE
        use_recipe_defaults()
    st.session_state.setdefault("lab_epochs", DEFAULT_EPOCHS)
    st.session_state.setdefault("lab_train_size", DEFAULT_TRAIN_SIZE)
    st.session_state.setdefault("lab_augment", True)
    if OWNER_KEY not in st.session_state:  # a reload keeps the id in its URL
        linked = st.query_params.get(RUN_PARAM, "")
        valid = len(linked) == 32 and all(c in "0123456789abcdef" for c in linked)
        st.session_state[OWNER_KEY] = linked if valid else uuid.uuid4().hex
    return st.session_state[OWNER_KEY]


def keep_owner_in_url(owner: str, snap: lab.Snapshot) -> None:
    """Put the visitor's id in the URL while they have a run or a queue place (a
    reload then finds it), and take it out afterwards."""
    involved = snap.owner == owner or snap.queue_position(owner) is not None
    if involved and st.query_params.get(RUN_PARAM) != owner:
        st.query_params[RUN_PARAM] = owner
    elif not involved and RUN_PARAM in st.query_params:
        del st.query_params[RUN_PARAM]


def read_settings() -> training.TrainConfig:
    """Render the recipe and hyper-parameter widgets; return the chosen config."""
    left, right = st.columns(2, gap="medium")
    with left:
        recipe_name = st.selectbox(
            "Recipe",
            list(models.RECIPES),
            format_func=lambda name: models.RECIPES[name].title,
            key="lab_recipe",
            on_change=use_recipe_defaults,
            help="A recipe is an architecture (which layers) plus how to train it. "
            "The same recipes made the models shipped with this app.",
        )
        recipe = models.get_recipe(recipe_name)
        st.caption(
            f"{recipe.summary} That is how the shipped model was made; the "
            "settings here are yours to change."
        )
        train_size = st.select_slider(
            "Training images",
            TRAIN_SIZES,
            format_func=format_size,
            key="lab_train_size",
            help="How many of the 55,000 training images the network learns from. "
            "More images: better model, longer wait.",
        )
        epochs = st.slider(
            "Epochs",
            1,
            20,
            key="lab_epochs",
            help="One epoch = the network sees every training image once.",
        )
    with right:
        batch_size = st.select_slider(
            "Batch size",
            BATCH_SIZES,
            key="lab_batch_size",
            help="How many images the network looks at before each small "
            "adjustment of its weights.",
        )
        learning_rate = st.select_slider(
            "Learning rate",
            LEARNING_RATES,
            format_func=lambda lr: f"{lr:g}",
            key="lab_learning_rate",
            help="How big each adjustment is. Too small learns slowly; too big "
            "overshoots and the loss jumps around.",
        )
        augment = st.toggle(
            "Augmentation",
            key="lab_augment",
            disabled=not recipe.augmentation.enabled,
            help="Show slightly changed copies of the images (mirrored, shifted, "
            "partly erased) so the network learns the garment, not the exact pixels."
            + ("" if recipe.augmentation.enabled else " This recipe trains without."),
        )
    return training.TrainConfig(
        recipe=recipe_name,
        epochs=int(epochs),
        batch_size=int(batch_size),
        learning_rate=float(learning_rate),
        augment=bool(augment) and recipe.augmentation.enabled,
        train_size=None if train_size >= lab.FULL_TRAIN_SIZE else int(train_size),
    )


def show_curves(curve, history, key: str) -> None:
    """Render accuracy and loss side by side (stacked on a phone)."""
    for column, metric in zip(st.columns(2), ("accuracy", "loss"), strict=True):
        with column:
            st.plotly_chart(
                plots.curve_figure(curve, history, metric),
                key=f"{key}_{metric}",
                config={"displayModeBar": False},
            )


def show_progress(snap: lab.Snapshot) -> None:
    """Render the progress bar with ETA and the live curves of a run."""
    if snap.state == lab.EVALUATING:
        done = "Stopped" if snap.scoring_images < 10_000 else "Training done"
        text = f"{done}. Scoring the model on {snap.scoring_images:,} test images…"
        value = 1.0
    elif snap.stopping:
        text = "Stopping after the current batch…"
        value = snap.fraction
    elif snap.epoch == 0:
        text = "Preparing the data and building the network…"
        value = 0.0
    else:
        text = (
            f"Epoch {snap.epoch} of {snap.epochs}, batch {snap.step} of {snap.steps}"
            f" · {format_seconds(snap.eta_seconds)} left"
        )
        value = snap.fraction
    st.progress(min(1.0, max(0.0, value)), text=text)
    show_curves(snap.curve, snap.history, key="lab_live")


def keep_result(result: lab.LabResult) -> None:
    """Store a finished model for this session (contract read by ui.session)."""
    st.session_state[session.LAB_MODEL] = {
        "model": result.model,
        "card": result.card,
        "name": result.name,
    }
    st.session_state[BYTES_KEY] = result.keras_bytes
    st.session_state[CURVE_KEY] = result.curve


def stop_training(owner: str) -> None:
    """Ask the lab to stop ``owner``'s run (a button callback returns nothing);
    wait briefly, so that the click's own rerun already shows how it ended."""
    if LAB.stop(owner):
        LAB.wait_ended(STOP_WAIT_SECONDS)


def queue_panel(owner: str, snap: lab.Snapshot, config: training.TrainConfig) -> None:
    """Tell a waiting visitor their real wait, and let them queue or leave."""
    place = snap.queue_position(owner)
    wait = format_seconds(snap.wait_seconds(owner))
    if place is not None:
        LAB.heartbeat(owner)
        st.info(
            f"You are **number {place}** in the queue. Your run starts by itself in "
            f"{wait}; keep this page open (leaving it gives up your place).",
            icon=":material/hourglass_top:",
        )
        st.button(
            "Leave the queue", key="lab_leave_queue", on_click=LAB.leave_queue,
            args=(owner,),
        )  # fmt: skip
        return
    others = len(snap.queue)
    queued = f" {others} visitor{'s' * (others != 1)} queued before you." * bool(others)
    st.info(
        "Another visitor is training a model right now; the lab trains one at a "
        f"time. Your turn would come in {wait}.{queued}",
        icon=":material/hourglass_top:",
    )
    st.button(
        "Queue my run (the settings above)", key="lab_queue", on_click=queue_run,
        args=(config, owner), icon=":material/queue:",
    )  # fmt: skip


def queue_run(config: training.TrainConfig, owner: str) -> None:
    """Button callback: put this visitor's run in the queue."""
    if fits_the_limit(config):
        LAB.enqueue(config, cache.load_dataset(), owner, SETTINGS)


def fits_the_limit(config: training.TrainConfig) -> bool:
    """Return whether ``config`` fits this server's run limit; say why not."""
    seconds = lab.estimate_seconds(config)
    if seconds <= SETTINGS.max_run_seconds:
        return True
    epochs = lab.largest_epochs_within(config, SETTINGS.max_run_seconds)
    advice = (
        f"Try {epochs} epoch{'s' * (epochs != 1)} or fewer, or fewer images."
        if epochs
        else "Choose fewer training images."
    )
    st.warning(
        f"That run would take {format_seconds(seconds)} here, and this server "
        f"allows runs of up to {format_seconds(SETTINGS.max_run_seconds)} so that "
        f"every visitor gets a turn. {advice}",
        icon=":material/timer_off:",
    )
    return False


def live_panel(owner: str, config: training.TrainConfig) -> None:
    """Progress of the running training (this visitor's or someone else's)."""
    snap = LAB.snapshot()
    keep_owner_in_url(owner, snap)
    mine = snap.owner == owner
    result = LAB.take_result(owner)  # also after the lab moved on to the next run
    if result is not None:
        keep_result(result)
        st.session_state[REFRESHING_KEY] = False
        st.rerun()  # a full run draws the results below
    if mine and snap.busy:
        LAB.heartbeat(owner)
        st.button(
            "Stop",
            key="lab_stop",
            icon=":material/stop_circle:",
            on_click=stop_training,
            args=(owner,),
            disabled=snap.state != lab.TRAINING or snap.stopping,
            help="End the training after the current batch. If at least one epoch "
            "has finished you keep the best model so far.",
        )
        show_progress(snap)
    else:
        note = LAB.note_for(owner)  # how this visitor's last run ended
        if note:
            st.info(note, icon=":material/info:")
        if snap.busy:
            queue_panel(owner, snap, config)
            st.caption("Their progress:")
            show_progress(snap)
    if not snap.busy and st.session_state.get(REFRESHING_KEY):
        # The run ended: redraw without the auto refresh. Only when the fragment
        # still refreshes itself: a full run that already knew (a Stop click's own
        # rerun) draws the page once, not twice.
        st.session_state[REFRESHING_KEY] = False
        st.rerun()


def start_training(config: training.TrainConfig, owner: str) -> None:
    """Start a run, or say politely why not."""
    try:
        dataset = cache.load_dataset()
    except data.DatasetError:
        st.warning("The Fashion-MNIST images are not available on this server.")
        return
    if not fits_the_limit(config):
        return
    if not LAB.start(config, dataset, owner, SETTINGS):
        snap = LAB.snapshot()
        if snap.owner == owner:
            st.info("Your training is already running.")
        else:
            st.warning(
                "The lab is busy: another visitor is training a model. Your turn "
                f"would come in {format_seconds(snap.wait_seconds(owner))}; you can "
                "queue your run below.",
                icon=":material/hourglass_top:",
            )


def comparison_rows(card: models.ModelCard) -> list[dict]:
    """Return one row per model: the visitor's ("your model") first, then every
    shipped one, best first."""
    cards: dict[str, models.ModelCard] = {"your model": card}  # titled "Your …"
    for name in cache.shipped_model_names():
        try:
            cards[name] = cache.get_card(name)
        except (OSError, ValueError):
            continue
    rows = performance.comparison_rows(cards)
    return sorted(rows, key=lambda row: row["name"] != "your model")  # stable


def show_result(entry: dict) -> None:
    """The finished model: test metrics beside the shipped models, download, use."""
    card = entry["card"]
    st.subheader("Your model")
    note = " (stopped early)" if card.get("stopped_early") else ""
    scored = card.get("test_images", 10_000)
    which = (
        "the 10,000 test images"
        if scored >= 10_000
        else f"{scored:,} test images (a quick score, as the run was stopped)"
    )
    message = (
        f"**{components.escape_markdown(entry['name'])}**{note} recognises "
        f"**{card['test_accuracy']:.1%}** of {which}, which it never saw while "
        "training."
    )
    if card["test_accuracy"] < 2 * lab.LEARNED_NOTHING_ACCURACY:
        st.warning(
            f"{message} That is not much better than guessing (10%).",
            icon=":material/trending_down:",
        )
    else:
        st.success(message, icon=":material/task_alt:")
    a, b, c, d = st.columns(4)
    a.metric("Test accuracy", f"{card['test_accuracy']:.1%}")
    b.metric("Parameters", f"{card['parameters']:,}", help="Numbers it learned.")
    c.metric("Training time", f"{card['train_seconds']:.0f} s")
    d.metric("Epochs", f"{card.get('epochs_run', card['epochs'])}")
    show_curves(st.session_state.get(CURVE_KEY, ()), card["history"], key="lab_final")

    rows = comparison_rows(card)
    st.markdown("#### Compared with the models shipped with this app")
    if len(rows) == 1:
        st.info("No shipped models are available on this server to compare with.")
    else:
        st.plotly_chart(
            plots.comparison_figure(rows, highlight="your model"),
            key="lab_comparison_chart",
            config={"displayModeBar": False},
        )
    st.dataframe(
        [
            {
                "Model": row["title"],
                "Test accuracy": 100 * row["test_accuracy"],
                "Parameters": row["parameters"],
                "Training time (s)": row["train_seconds"],
                "Epochs": row["epochs"],
                "Training images": row["train_images"],
            }
            for row in rows
        ],
        key="lab_comparison",
        hide_index=True,
        column_config={
            "Test accuracy": st.column_config.NumberColumn(format="%.1f%%"),
            "Parameters": st.column_config.NumberColumn(format="localized"),
            "Training images": st.column_config.NumberColumn(format="localized"),
        },
    )
    st.caption(
        "Training times of the shipped models were measured when they were built, "
        "on the CPU named in their model cards."
    )
    left, right = st.columns(2, gap="medium")
    with left:
        st.plotly_chart(
            plots.f1_figure(rows, reference=models.DEFAULT_MODEL),
            key="lab_f1",
            config={"displayModeBar": False},
        )
    with right:
        st.markdown(
            "**Your model's mistakes**",
            help="Rows are the true classes, columns what your model said. The "
            "diagonal holds the correct answers.",
        )
        st.plotly_chart(
            plots.confusion_figure(card["confusion_matrix"]),
            key="lab_confusion",
            config={"displayModeBar": False},
        )

    st.markdown("#### Use it")
    st.markdown(
        "Turn on **Use my trained model** in the sidebar to try it on the "
        "**Predict** and **Inside the CNN** pages (only you see it), or download it."
    )
    with st.container(horizontal=True):
        st.download_button(
            "Download my model (.keras)",
            data=st.session_state[BYTES_KEY],
            file_name=f"my_{card['name']}.keras",
            mime="application/octet-stream",
            key="lab_download",
            on_click="ignore",
            icon=":material/download:",
            help="A Keras 3 file; it needs only keras and tensorflow: "
            "keras.saving.load_model('my_model.keras').",
        )
        st.download_button(
            "Download as ONNX",
            data=lambda: lab.model_to_onnx_bytes(entry["model"]),
            file_name=f"my_{card['name']}.onnx",
            mime="application/octet-stream",
            key="lab_download_onnx",
            on_click="ignore",
            icon=":material/download:",
            help="An ONNX file for onnxruntime and other runtimes: input 'image', "
            "a (N, 28, 28, 1) float32 batch in [0, 1]; output: 10 probabilities.",
        )
    if SETTINGS.allow_save_default:
        save_as_default(entry)


def save_as_default(entry: dict) -> None:
    """Owner-only (FASHION_CNN_ALLOW_SAVE_DEFAULT=1): replace the shipped default."""
    if not st.button(
        "Save as the new default model",
        key="lab_save_default",
        help="Only shown because this server allows it. Replaces the Studio CNN "
        "for every visitor; the previous one is kept in assets/models/previous/.",
    ):
        return
    result = lab.LabResult(model=entry["model"], card=entry["card"], keras_bytes=b"")
    try:
        path = lab.save_as_default(result, SETTINGS, cache.load_dataset())
    except (OSError, ValueError, PermissionError) as exc:
        st.error(f"The model could not be saved as the default: {exc}")
        return
    st.cache_resource.clear()  # every page reloads the new default model
    st.success(f"Saved as the new default model ({path.name}).")


owner = init_state()
components.page_intro(
    "Training lab",
    "Train your own convolutional network and watch it learn: the curves show how "
    "often it is right on images it trains on and on images it has never seen. "
    "The default settings are small on purpose, so a run takes minutes, not hours.",
)
session.model_switch()
config = read_settings()
with st.container(horizontal=True, vertical_alignment="center"):
    train = st.button(
        "Train", key="lab_train", type="primary", icon=":material/play_arrow:"
    )
    st.caption(
        f"This run: {format_seconds(lab.estimate_seconds(config))} of training "
        f"(this server allows up to {format_seconds(SETTINGS.max_run_seconds)} a "
        "run, so that every visitor gets a turn)."
    )
if train:
    start_training(config, owner)
busy = LAB.snapshot().busy
st.session_state[REFRESHING_KEY] = busy
st.fragment(run_every=REFRESH_SECONDS if busy else None)(live_panel)(owner, config)
entry = session.lab_model()
if entry is not None and BYTES_KEY in st.session_state:
    show_result(entry)
