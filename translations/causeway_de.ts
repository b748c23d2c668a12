<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>causeway::app::MainWindow</name>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="+84"/>
        <source>Logit difference (correct − incorrect)</source>
        <translation>Logit-Differenz (richtig − falsch)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Probability of the correct answer</source>
        <translation>Wahrscheinlichkeit der richtigen Antwort</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Log-probability of the correct answer</source>
        <translation>Log-Wahrscheinlichkeit der richtigen Antwort</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>KL divergence from the clean run</source>
        <translation>KL-Divergenz zum sauberen Lauf</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Impact of restoring MLP after corrupted input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Impact of restoring Attn after corrupted input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Impact of restoring state after corrupted input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>MLP</source>
        <translation>MLP</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attention</source>
        <translation>Attention</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hidden states</source>
        <translation>Verborgene Zustände</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Causeway</source>
        <translation>Causeway</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Opening %1 …</source>
        <translation>%1 wird geöffnet …</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Opening the model…</source>
        <translation>Modell wird geöffnet…</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Prompts and run</source>
        <translation>Prompts und Lauf</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+5"/>
        <source>Results</source>
        <translation>Ergebnisse</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Difference</source>
        <translation>Differenz</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select two results with the same shape to see the first minus the second.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Intervene</source>
        <translation>Eingreifen</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop the run; the cells done so far are kept (Esc)</source>
        <translation>Lauf anhalten; bereits berechnete Zellen bleiben erhalten (Esc)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>No model open</source>
        <translation>Kein Modell geöffnet</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Open a HuggingFace model folder (config.json, safetensors weights and tokenizer files)
with File ▸ Open Model Folder (Ctrl+O), or drop the folder onto this window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Open a Model Folder…</source>
        <translation>Modellordner öffnen…</translation>
    </message>
    <message>
        <location line="+17"/>
        <location line="+457"/>
        <source>No model open.</source>
        <translation>Kein Modell geöffnet.</translation>
    </message>
    <message>
        <location line="-444"/>
        <source>Family</source>
        <translation>Familie</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Layers</source>
        <translation>Schichten</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Heads</source>
        <translation>Köpfe</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Width</source>
        <translation>Breite</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Vocabulary</source>
        <translation>Vokabular</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Weights</source>
        <translation>Gewichte</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Tokenizer</source>
        <translation>Tokenizer</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Clean prompt</source>
        <translation>Sauberer Prompt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. The Eiffel Tower is located in the city of</source>
        <translation>z. B. The Eiffel Tower is located in the city of</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Click, shift-click or drag over tokens to choose the subject for causal tracing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Corrupted prompt</source>
        <translation>Verfälschter Prompt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Same number of tokens, with the key fact changed</source>
        <translation>Gleich viele Token, mit geänderter Schlüsselinformation</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Answer tokens</source>
        <translation>Antwort-Token</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>clean run&apos;s top token</source>
        <translation>Top-Token des sauberen Laufs</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One token, usually with a leading space, e.g. “ Paris”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>corrupted run&apos;s top token</source>
        <translation>Top-Token des verfälschten Laufs</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Correct:</source>
        <translation>Richtig:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Incorrect:</source>
        <translation>Falsch:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Options</source>
        <translation>Optionen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Denoising: clean into corrupted</source>
        <translation>Entrauschen: sauber in verfälscht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Noising: corrupted into clean</source>
        <translation>Verrauschen: verfälscht in sauber</translation>
    </message>
    <message>
        <location line="+9"/>
        <source> × embedding std</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Metric:</source>
        <translation>Metrik:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Direction:</source>
        <translation>Richtung:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Noise samples:</source>
        <translation>Rauschproben:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Noise:</source>
        <translation>Rauschen:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Window:</source>
        <translation>Fenster:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seed:</source>
        <translation>Seed:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Patch</source>
        <translation>Patchen</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+520"/>
        <source>Activation patching over the selected cells (all when none are selected)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-519"/>
        <source>Trace</source>
        <translation>Tracen</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+519"/>
        <source>ROME causal tracing of the clean prompt, noising the subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-504"/>
        <location line="+8"/>
        <source>Subject: none — select its tokens in the clean prompt to trace.</source>
        <translation>Subjekt: keins — zum Tracen seine Token im sauberen Prompt markieren.</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Subject: tokens %1–%2 “%3”</source>
        <translation>Subjekt: Token %1–%2 „%3“</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>&amp;Component:</source>
        <translation>&amp;Komponente:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The site patched: a component at each (layer, token), or per head for head components</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Clear Selection</source>
        <translation>Auswahl aufheben</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Normalised</source>
        <translation>Normiert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Patching: 0 = corrupted baseline, 1 = clean baseline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Next-token predictions</source>
        <translation>Vorhersagen des nächsten Tokens</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+657"/>
        <source>Click a heatmap cell to see that run&apos;s top predictions beside the clean and corrupted runs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-654"/>
        <location line="+653"/>
        <source>No cell chosen</source>
        <translation>Keine Zelle gewählt</translation>
    </message>
    <message>
        <location line="-634"/>
        <source>Vanilla (interchange from the source run)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zero</source>
        <translation>Null</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Addition (add the source run&apos;s activation)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Noise</source>
        <translation>Rauschen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>no generation</source>
        <translation>keine Generierung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> tokens</source>
        <translation> Token</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Intervention:</source>
        <translation>Intervention:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Generate:</source>
        <translation>Generieren:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Intervene on Selected Cells</source>
        <translation>In gewählten Zellen eingreifen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Vanilla and Addition take the source from the other prompt (by the direction); Zero and Noise act on the clean prompt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Select cells in the grid and press Intervene</source>
        <translation>Zellen im Raster wählen und „Eingreifen“ drücken</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Continuation without the intervention</source>
        <translation>Fortsetzung ohne Eingriff</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>With the intervention</source>
        <translation>Mit Eingriff</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Open Model Folder…</source>
        <translation>Modellordner ö&amp;ffnen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open &amp;Recent Model</source>
        <translation>&amp;Zuletzt geöffnete Modelle</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open &amp;Experiment…</source>
        <translation>&amp;Experiment öffnen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+Shift+O</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recent E&amp;xperiments</source>
        <translation>Zuletzt geöffnete E&amp;xperimente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E&amp;xamples</source>
        <translation>&amp;Beispiele</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Save Experiment</source>
        <translation>Experiment &amp;speichern</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save Experiment &amp;As…</source>
        <translation>Experiment speichern &amp;unter…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Export</source>
        <translation>E&amp;xportieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Heatmap &amp;Image (PNG, SVG, PDF)…</source>
        <translation>Heatmap als &amp;Bild (PNG, SVG, PDF)…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+E</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Heatmap &amp;Data (CSV)…</source>
        <translation>Heatmap-&amp;Daten (CSV)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Result as &amp;JSON…</source>
        <translation>Ergebnis als &amp;JSON…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;pyvene Script…</source>
        <translation>&amp;pyvene-Skript…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>pyvene &amp;Config of the Selected Cell…</source>
        <translation>pyvene-&amp;Konfiguration der gewählten Zelle…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select &amp;All Cells</source>
        <translation>&amp;Alle Zellen wählen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+Shift+A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Clear Cell Selection</source>
        <translation>Zellauswahl &amp;aufheben</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Preferences…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Run</source>
        <translation>&amp;Lauf</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Patch</source>
        <translation>&amp;Patchen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+R</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Trace</source>
        <translation>&amp;Tracen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+T</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Intervene on Selected Cells</source>
        <translation>In gewählten Zellen &amp;eingreifen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+I</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Cancel</source>
        <translation>&amp;Abbrechen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About Causeway</source>
        <translation>Ü&amp;ber Causeway</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Main</source>
        <translation>Haupt</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Clear List</source>
        <translation>Liste leeren</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>(none installed)</source>
        <translation>(keine installiert)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>About Causeway</source>
        <translation>Über Causeway</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;b&gt;Causeway %1&lt;/b&gt;&lt;p&gt;An interpretability workbench: activation patching, causal tracing and single interventions on transformer language models, with pyvene&apos;s semantics.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Open Model Folder</source>
        <translation>Modellordner öffnen</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 (%2 key/value)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 (MLP %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 (computed in F32)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+25"/>
        <source>%1 — Causeway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Opened %1: %2 layers, %3 parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Still using %1.</source>
        <translation>Weiterhin %1 in Verwendung.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Could not open %1:
%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+37"/>
        <source>%n token(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 — the clean prompt has %2; patching needs the same number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Type a prompt to fill the grid.</source>
        <translation>Einen Prompt eingeben, um das Raster zu füllen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No cells selected: a sweep computes all %1 cells.</source>
        <translation>Keine Zellen gewählt: ein Durchlauf berechnet alle %1 Zellen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 of %2 cells selected: a sweep computes these; Intervene patches them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+18"/>
        <location line="+9"/>
        <source>The model is still opening.</source>
        <translation>Das Modell wird noch geöffnet.</translation>
    </message>
    <message>
        <location line="-26"/>
        <location line="+18"/>
        <location line="+9"/>
        <source>Open a model folder first.</source>
        <translation>Zuerst einen Modellordner öffnen.</translation>
    </message>
    <message>
        <location line="-26"/>
        <location line="+18"/>
        <source>A run is in progress; cancel it or wait.</source>
        <translation>Ein Lauf ist im Gang; abbrechen oder warten.</translation>
    </message>
    <message>
        <location line="-17"/>
        <source>Type a clean and a corrupted prompt.</source>
        <translation>Einen sauberen und einen verfälschten Prompt eingeben.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The clean prompt has %1 tokens and the corrupted prompt %2; patching needs the same number. Reword one of them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The two prompts are the same; change the corrupted one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+8"/>
        <source>Type a clean prompt.</source>
        <translation>Einen sauberen Prompt eingeben.</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Choose the subject: select its tokens in the clean prompt.</source>
        <translation>Subjekt wählen: seine Token im sauberen Prompt markieren.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Select the cells to intervene on in the grid.</source>
        <translation>Die Zellen für den Eingriff im Raster wählen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 needs a source: type a corrupted prompt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The prompts have %1 and %2 tokens; %3 needs the same number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Patch is disabled: %1</source>
        <translation>Patchen ist nicht möglich: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trace is disabled: %1</source>
        <translation>Tracen ist nicht möglich: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run the intervention on the selected cells</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Patch: %1</source>
        <translation>Patchen: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trace: %1</source>
        <translation>Tracen: %1</translation>
    </message>
    <message>
        <location line="+110"/>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Starting…</source>
        <translation>Startet…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 / %2 cells · %3 elapsed · %4 left</source>
        <translation>%1 / %2 Zellen · %3 vergangen · %4 verbleibend</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Cancelled after %1 of %2 cells (%3 s); the partial result is kept.</source>
        <translation>Abgebrochen nach %1 von %2 Zellen (%3 s); das Teilergebnis bleibt erhalten.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done: %1 cells in %2 s</source>
        <translation>Fertig: %1 Zellen in %2 s</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>#%1 Difference %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>#%1 Patch %2 · %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>#%1 Trace · subject %2–%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source> · running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source> · cancelled at %1/%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source> · %1 cells, %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Starting the run…</source>
        <translation>Der Lauf startet…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Press Patch or Trace to compute a heatmap.</source>
        <translation>„Patchen“ oder „Tracen“ drücken, um eine Heatmap zu berechnen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Heatmap</source>
        <translation>Heatmap</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+111"/>
        <source>head</source>
        <translation>Kopf</translation>
    </message>
    <message>
        <location line="-111"/>
        <location line="+111"/>
        <source>token</source>
        <translation>Token</translation>
    </message>
    <message>
        <location line="-107"/>
        <source>Difference %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>difference</source>
        <translation>Differenz</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>token (single restored layer per row)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>token (restoring %1 layers around each row)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>clean → corrupted</source>
        <translation>sauber → verfälscht</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>corrupted → clean</source>
        <translation>verfälscht → sauber</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Patching %1 (%2)</source>
        <translation>Patchen von %1 (%2)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>normalised %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Results #%1 and #%2 have maps of different shapes (%3×%4 and %5×%6); a difference needs the same grid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Nothing to compare.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+22"/>
        <source>A difference map has no run of its own; click a cell of one of the two results.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open the experiment&apos;s model to see predictions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Computing layer %1, %2 %3 “%4”…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+40"/>
        <location line="+17"/>
        <location line="+2"/>
        <location line="+14"/>
        <source>Clean</source>
        <translation>Sauber</translation>
    </message>
    <message>
        <location line="-32"/>
        <location line="+16"/>
        <location line="+2"/>
        <location line="+15"/>
        <source>Corrupted</source>
        <translation>Verfälscht</translation>
    </message>
    <message>
        <location line="-32"/>
        <source>Patched L%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 of the patched run: %2 (the heatmap shows %3). Bold: the answer tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Base: %1</source>
        <translation>Basis: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Source: %1</source>
        <translation>Quelle: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Intervened</source>
        <translation>Mit Eingriff</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%1 on %n cell(s) in %2 s.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Restored L%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>p(answer) after restoring: %1 (the heatmap shows %2); averaged over %3 noised copies.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Running %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Unsaved results</source>
        <translation>Ungespeicherte Ergebnisse</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The results of this session are not saved. Save them as an experiment file first?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Open Experiment</source>
        <translation>Experiment öffnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Experiments (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Could not open the experiment %1:
%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+34"/>
        <source>Opened %1 (%n result(s))</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Saved %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Save Experiment</source>
        <translation>Experiment speichern</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>experiment.json</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Experiments (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+14"/>
        <source>There is no heatmap to export yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-10"/>
        <source>Export Heatmap</source>
        <translation>Heatmap exportieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Could not write %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Export Heatmap Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>There is no result to export yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>results.json</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>JSON (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Cannot export a pyvene script: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export pyvene Script</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>experiment.py</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Python (*.py)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>A pyvene config describes one intervention: select exactly one cell in the grid (now %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Folder for the pyvene Config</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Wrote the pyvene config to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cannot export the pyvene config: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>causeway::app::PreferencesDialog</name>
    <message>
        <location filename="../app/gui/appsettings.cpp" line="+110"/>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>all cores</source>
        <translation>alle Kerne</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Logit difference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Probability</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Log-probability</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>KL divergence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>ROME&apos;s colours for causal tracing (purple, green, red)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Compute threads:</source>
        <translation>Rechen-Threads:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Default metric:</source>
        <translation>Standardmetrik:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Colour map, signed values:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Colour map, other values:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Theme:</source>
        <translation>Farbschema:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Language:</source>
        <translation>Sprache:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A new language takes effect the next time Causeway starts.</source>
        <translation>Eine neue Sprache gilt ab dem nächsten Start von Causeway.</translation>
    </message>
</context>
<context>
    <name>causeway::app::Session</name>
    <message>
        <location filename="../app/gui/session.cpp" line="+91"/>
        <source>Reading the weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Reading the tokenizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Fingerprinting the weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>causeway::widgets::HeatmapView</name>
    <message>
        <location filename="../widgets/heatmapview.cpp" line="+321"/>
        <source>not computed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 %2, %3 %4 “%5”
%6: %7</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>value</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>causeway::widgets::PredictionsView</name>
    <message>
        <location filename="../widgets/predictionsview.cpp" line="+22"/>
        <source>Next-token predictions</source>
        <translation>Vorhersagen des nächsten Tokens</translation>
    </message>
</context>
<context>
    <name>causeway::widgets::TokenChips</name>
    <message>
        <location filename="../widgets/prompteditor.cpp" line="+169"/>
        <source>Token %1: “%2”</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>causeway::widgets::TokenLayerGrid</name>
    <message>
        <location filename="../widgets/tokenlayergrid.cpp" line="+40"/>
        <source>Layer %1, column %2 “%3”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Column %1: “%2” (click to select the column)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Layer %1 (click to select the row)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Token and layer grid</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="+104"/>
        <source>Causeway interpretability workbench</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A model folder or an experiment file (.json).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start without opening the demo model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>light, dark or system.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the window as PNG and quit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Window size, WxH.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clean prompt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Corrupted prompt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Component to patch.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Subject tokens BEGIN,END.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select grid cells ROW0,COL0,ROW1,COL1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select grid cells ROW0,COL0,ROW1,COL1 before running (the sweep computes only those).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>patch or trace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Heatmap tab to show.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Click heatmap cell ROW,COL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run the intervention panel (vanilla, zero, addition, noise).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run the patch twice more (second component) and show the difference.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
