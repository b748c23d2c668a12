<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ExperimentKinds</name>
    <message>
        <location filename="../app/gui/kind_text.cpp" line="+14"/>
        <source>Impact of restoring the hidden state after noising the subject</source>
        <translation>Wirkung der Wiederherstellung des verborgenen Zustands nach Verrauschen des Subjekts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Impact of restoring the MLP output after noising the subject</source>
        <translation>Wirkung der Wiederherstellung der MLP-Ausgabe nach Verrauschen des Subjekts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Impact of restoring the attention output after noising the subject</source>
        <translation>Wirkung der Wiederherstellung der Attention-Ausgabe nach Verrauschen des Subjekts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hidden states</source>
        <translation>Verborgene Zustände</translation>
    </message>
    <message>
        <location line="+1"/>
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
        <source>token</source>
        <translation>Token</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>head</source>
        <translation>Kopf</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>token (single restored layer per row)</source>
        <translation>Token (eine wiederhergestellte Schicht pro Zeile)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Logit lens: each layer&apos;s residual stream through the final norm and LM head</source>
        <translation>Logit Lens: der Residualstrom jeder Schicht durch die finale Norm und den LM-Kopf</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Logit lens</source>
        <translation>Logit Lens</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Patch %1 · %2</source>
        <translation>Patching %1 · %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trace · subject %1–%2</source>
        <translation>Trace · Subjekt %1–%2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Logit lens · %1</source>
        <translation>Logit Lens · %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clean: %1</source>
        <translation>Sauber: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Corrupted: %1</source>
        <translation>Verfälscht: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answers: %1 (correct) / %2 (incorrect)</source>
        <translation>Antworten: %1 (richtig) / %2 (falsch)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompt: %1</source>
        <translation>Prompt: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answer: %1</source>
        <translation>Antwort: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Subject: %1 · answer: %2</source>
        <translation>Subjekt: %1 · Antwort: %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Patching %1 (clean → corrupted)</source>
        <translation>Patching %1 (sauber → verfälscht)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Patching %1 (corrupted → clean)</source>
        <translation>Patching %1 (verfälscht → sauber)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>normalised %1</source>
        <translation>%1 (normiert)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>rank of %1 (0 = top)</source>
        <translation>Rang von %1 (0 = oben)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>token (restoring %1 layers around each row)</source>
        <translation>Token (%1 Schichten um jede Zeile wiederhergestellt)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>logit difference</source>
        <translation>Logit-Differenz</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>probability of the answer</source>
        <translation>Wahrscheinlichkeit der Antwort</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>log-probability of the answer</source>
        <translation>Log-Wahrscheinlichkeit der Antwort</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>KL divergence from clean</source>
        <translation>KL-Divergenz zum sauberen Lauf</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Clean</source>
        <translation>Sauber</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Corrupted</source>
        <translation>Verfälscht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Patched</source>
        <translation>Gepatcht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Noised</source>
        <translation>Verrauscht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Restored</source>
        <translation>Wiederhergestellt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Layer %1 read out</source>
        <translation>Schicht %1 ausgelesen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>p(answer) after restoring</source>
        <translation>p(Antwort) nach dem Wiederherstellen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>averaged over %1 noised copies</source>
        <translation>gemittelt über %1 verrauschte Kopien</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>rank of the answer</source>
        <translation>Rang der Antwort</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>p(answer)</source>
        <translation>p(Antwort)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>through the final norm and the LM head</source>
        <translation>durch die letzte Norm und den LM-Kopf</translation>
    </message>
    <message>
        <location filename="../app/gui/kind_panels_analysis.cpp" line="+29"/>
        <source>layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attention patterns · %1</source>
        <translation>Attention-Muster · %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>entropy</source>
        <translation>Entropie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>previous token</source>
        <translation>voriges Token</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>first token</source>
        <translation>erstes Token</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pattern shown: layer %1, head %2</source>
        <translation>Gezeigtes Muster: Schicht %1, Kopf %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attention pattern of layer %1, head %2: each query token&apos;s weights over the key tokens</source>
        <translation>Attention-Muster von Schicht %1, Kopf %2: die Gewichte jedes Query-Tokens über die Key-Tokens</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pattern</source>
        <translation>Muster</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>attention weight</source>
        <translation>Attention-Gewicht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>query token</source>
        <translation>Query-Token</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>key token</source>
        <translation>Key-Token</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attention heads: mean entropy of each head&apos;s attention (low = focused); click a head for its pattern</source>
        <translation>Attention-Köpfe: mittlere Entropie der Attention jedes Kopfes (niedrig = fokussiert); einen Kopf für sein Muster anklicken</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>entropy (nats)</source>
        <translation>Entropie (nats)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attention heads: mean weight on the previous token; click a head for its pattern</source>
        <translation>Attention-Köpfe: mittleres Gewicht auf dem vorigen Token; einen Kopf für sein Muster anklicken</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>weight on the previous token</source>
        <translation>Gewicht auf dem vorigen Token</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attention heads: mean weight on the first token; click a head for its pattern</source>
        <translation>Attention-Köpfe: mittleres Gewicht auf dem ersten Token; einen Kopf für sein Muster anklicken</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>weight on the first token</source>
        <translation>Gewicht auf dem ersten Token</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Head grid</source>
        <translation>Kopfraster</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Logit attribution · %1 vs %2</source>
        <translation>Logit-Attribution · %1 gegen %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Embeddings %1 · final norm bias %2 · unembedding bias %3</source>
        <translation>Embeddings %1 · Bias der finalen Norm %2 · Unembedding-Bias %3</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All terms add up to %1; the model&apos;s logit difference is %2</source>
        <translation>Alle Terme zusammen ergeben %1; die Logit-Differenz des Modells ist %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The model caps its logits (tanh), so the terms add up to the difference before the cap</source>
        <translation>Das Modell begrenzt seine Logits (tanh), daher ergeben die Terme die Differenz vor der Begrenzung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>share of logit(%1) − logit(%2)</source>
        <translation>Anteil an logit(%1) − logit(%2)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Direct logit attribution per layer: attention (all heads and the output bias) and MLP</source>
        <translation>Direkte Logit-Attribution je Schicht: Attention (alle Köpfe und der Ausgabe-Bias) und MLP</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Per layer</source>
        <translation>Je Schicht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>component</source>
        <translation>Komponente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Direct logit attribution per head: each head&apos;s output through the final norm and the unembedding</source>
        <translation>Direkte Logit-Attribution je Kopf: die Ausgabe jedes Kopfes durch die finale Norm und das Unembedding</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Per head</source>
        <translation>Je Kopf</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AtP %1 · %2</source>
        <translation>AtP %1 · %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: AtP against exact patching on %2 cells: Pearson %3, Spearman %4</source>
        <translation>%1: AtP gegen exaktes Patching auf %2 Zellen: Pearson %3, Spearman %4</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AtP estimate %1 s, exact patching %2 s</source>
        <translation>AtP-Schätzung %1 s, exaktes Patching %2 s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exact patching of %1 on the cells AtP ranks highest</source>
        <translation>Exaktes Patching von %1 auf den Zellen, die AtP am höchsten einstuft</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exact %1</source>
        <translation>Exakt %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AtP estimate of patching %1 (clean → corrupted)</source>
        <translation>AtP-Schätzung des Patchings von %1 (sauber → verfälscht)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AtP estimate of patching %1 (corrupted → clean)</source>
        <translation>AtP-Schätzung des Patchings von %1 (verfälscht → sauber)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AtP %1</source>
        <translation>AtP %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Largest shares for “%1” (of the logit difference)</source>
        <translation>Größte Anteile für „%1“ (an der Logit-Differenz)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Largest shares for “%1”</source>
        <translation>Größte Anteile für „%1“</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tokens it alone would predict</source>
        <translation>Tokens, die es allein vorhersagen würde</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>through the final norm with its scale frozen</source>
        <translation>durch die finale Norm mit eingefrorener Skala</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>patched exactly</source>
        <translation>exakt gepatcht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>patched exactly; the map shows AtP&apos;s estimate</source>
        <translation>exakt gepatcht; die Karte zeigt die AtP-Schätzung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keys the last token attends to (layer %1, head %2)</source>
        <translation>Keys, auf die das letzte Token achtet (Schicht %1, Kopf %2)</translation>
    </message>
</context>
<context>
    <name>RunOutcome</name>
    <message>
        <location filename="../app/gui/runoutcome.cpp" line="+11"/>
        <source>cancelled after %1 of %2 cells</source>
        <translation>abgebrochen nach %1 von %2 Zellen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed after %1 of %2 cells</source>
        <translation>fehlgeschlagen nach %1 von %2 Zellen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>interrupted after %1 of %2 cells</source>
        <translation>unterbrochen nach %1 von %2 Zellen</translation>
    </message>
</context>
<context>
    <name>causeway::app::Autosave</name>
    <message>
        <location filename="../app/gui/autosave.cpp" line="+197"/>
        <source>Cannot lock the autosave folder %1.</source>
        <translation>Der Ordner für die automatische Sicherung %1 lässt sich nicht sperren.</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Autosave failed: %1</source>
        <translation>Automatische Sicherung fehlgeschlagen: %1</translation>
    </message>
    <message numerus="yes">
        <location line="+62"/>
        <source>Causeway did not quit normally last time. Its open experiment and %n result(s) were autosaved at %1.</source>
        <translation>
            <numerusform>Causeway wurde beim letzten Mal nicht normal beendet. Das offene Experiment und %n Ergebnis wurden um %1 automatisch gesichert.</numerusform>
            <numerusform>Causeway wurde beim letzten Mal nicht normal beendet. Das offene Experiment und %n Ergebnisse wurden um %1 automatisch gesichert.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A run was going on; its cells computed so far are kept, marked as interrupted.</source>
        <translation>Ein Lauf war im Gange; seine bis dahin berechneten Zellen sind erhalten und als unterbrochen markiert.</translation>
    </message>
    <message numerus="yes">
        <location line="+45"/>
        <source>Restored the autosaved experiment and %n result(s).</source>
        <translation>
            <numerusform>Das automatisch gesicherte Experiment und %n Ergebnis wurden wiederhergestellt.</numerusform>
            <numerusform>Das automatisch gesicherte Experiment und %n Ergebnisse wurden wiederhergestellt.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+21"/>
        <location line="+14"/>
        <source>Restore Unsaved Work</source>
        <translation>Ungesicherte Arbeit wiederherstellen</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>Restore</source>
        <translation>Wiederherstellen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not Now</source>
        <translation>Nicht jetzt</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The autosave could not be read: %1</source>
        <translation>Die automatische Sicherung ließ sich nicht lesen: %1</translation>
    </message>
</context>
<context>
    <name>causeway::app::GridPanel</name>
    <message>
        <location filename="../app/gui/grid_panel.cpp" line="+35"/>
        <source>&amp;Component:</source>
        <translation>&amp;Komponente:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The site patched: a component at each (layer, token), or per head for head components</source>
        <translation>Die gepatchte Stelle: eine Komponente an jeder Position (Schicht, Token), bei Kopf-Komponenten je Kopf</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Clear Selection</source>
        <translation>Auswahl aufheben</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Normalised</source>
        <translation>Normiert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Patching: 0 = corrupted baseline, 1 = clean baseline</source>
        <translation>Patching: 0 = verfälschte Basislinie, 1 = saubere Basislinie</translation>
    </message>
    <message>
        <location line="+113"/>
        <source>Select cells</source>
        <translation>Zellen wählen</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Type a prompt to fill the grid.</source>
        <translation>Einen Prompt eingeben, um das Raster zu füllen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No cells selected: a sweep computes all %1 cells. Click or drag on the map to choose.</source>
        <translation>Keine Zellen gewählt: ein Sweep berechnet alle %1 Zellen. Zum Wählen in der Karte klicken oder ziehen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 of %2 cells selected: a sweep computes these; Intervene patches them.</source>
        <translation>%1 von %2 Zellen gewählt: ein Sweep berechnet diese; „Eingreifen“ patcht sie.</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Starting the run…</source>
        <translation>Der Lauf startet…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Type a prompt: its tokens and the model&apos;s layers make the grid.</source>
        <translation>Einen Prompt eingeben: seine Token und die Schichten des Modells bilden das Raster.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next run</source>
        <translation>Nächster Lauf</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+19"/>
        <source>layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <location line="-18"/>
        <location line="+20"/>
        <source>head</source>
        <translation>Kopf</translation>
    </message>
    <message>
        <location line="-20"/>
        <location line="+20"/>
        <source>token</source>
        <translation>Token</translation>
    </message>
    <message>
        <location line="-19"/>
        <source>Choose cells for the next run (none = all): click, drag, Shift/Ctrl-click, or click a layer or token label</source>
        <translation>Zellen für den nächsten Lauf wählen (keine = alle): klicken, ziehen, mit Umschalt/Strg klicken oder eine Schicht- bzw. Token-Beschriftung anklicken</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not computed yet</source>
        <translation>noch nicht berechnet</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Difference %1: %2</source>
        <translation>Differenz %1: %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>difference</source>
        <translation>Differenz</translation>
    </message>
</context>
<context>
    <name>causeway::app::InterventionPanel</name>
    <message>
        <location filename="../app/gui/intervention_panel.cpp" line="+22"/>
        <source>Replace the cells with the source run&apos;s values.</source>
        <translation>Ersetzt die Zellen durch die Werte des Quelllaufs.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add the source run&apos;s values to the cells.</source>
        <translation>Addiert die Werte des Quelllaufs zu den Zellen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Subtract the source run&apos;s values from the cells.</source>
        <translation>Subtrahiert die Werte des Quelllaufs von den Zellen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set the cells to zero.</source>
        <translation>Setzt die Zellen auf null.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add pyvene&apos;s fixed Gaussian noise (level 0.135) to the cells.</source>
        <translation>Addiert pyvenes festes Gauß-Rauschen (Stärke 0,135) zu den Zellen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replace the component&apos;s output with its input at the cells, as if it were skipped there.</source>
        <translation>Ersetzt an den Zellen die Ausgabe der Komponente durch ihre Eingabe, als würde sie dort übersprungen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Read the cells&apos; activations without changing the run; save them as safetensors.</source>
        <translation>Liest die Aktivierungen der Zellen, ohne den Lauf zu ändern; als safetensors speicherbar.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Intervention:</source>
        <translation>Intervention:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>all</source>
        <translation>alle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>pyvene&apos;s interchange_dim: act on the first N dimensions of each cell only</source>
        <translation>pyvenes interchange_dim: nur auf die ersten N Dimensionen jeder Zelle wirken</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dimensions:</source>
        <translation>Dimensionen:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>no generation</source>
        <translation>keine Generierung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> tokens</source>
        <translation> Token</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Generate:</source>
        <translation>Generieren:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Intervene on Selected Cells</source>
        <translation>In gewählten Zellen eingreifen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Load pyvene Folder…</source>
        <translation>pyvene-Ordner laden…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run an intervention saved by pyvene&apos;s IntervenableModel.save() (trained ones included) on the selected cells</source>
        <translation>Eine mit pyvenes IntervenableModel.save() gespeicherte Intervention (auch trainierte) auf den ausgewählten Zellen ausführen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save pyvene Folder</source>
        <translation>pyvene-Ordner speichern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save this intervention on the selected cells as pyvene&apos;s save() writes it</source>
        <translation>Diese Intervention auf den ausgewählten Zellen so speichern, wie pyvenes save() sie schreibt</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>For pyvene %1…</source>
        <translation>Für pyvene %1…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Save Collected Activations…</source>
        <translation>Gesammelte Aktivierungen speichern…</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>From %1 (%2)</source>
        <translation>Aus %1 (%2)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 on %2 at layer(s) %3, loaded from %4</source>
        <translation>%1 auf %2 in Schicht(en) %3, geladen aus %4</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>%1 on %2 at layer(s) %3, with the weights saved in the folder.%4</source>
        <translation>%1 auf %2 in Schicht(en) %3, mit den im Ordner gespeicherten Gewichten.%4</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> Takes its source from the other prompt.</source>
        <translation> Nimmt die Quelle aus dem anderen Prompt.</translation>
    </message>
</context>
<context>
    <name>causeway::app::MainWindow</name>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="+47"/>
        <source>Causeway</source>
        <translation>Causeway</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Opening the model…</source>
        <translation>Modell wird geöffnet…</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Something went wrong inside Causeway: %1
Nothing was lost; the results and panels are as they were. Please report this message.</source>
        <translation>In Causeway ist ein Fehler aufgetreten: %1
Nichts ging verloren; Ergebnisse und Bereiche sind unverändert. Bitte diese Meldung melden.</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Prompts and run</source>
        <translation>Prompts und Lauf</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Results</source>
        <translation>Ergebnisse</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Intervene</source>
        <translation>Eingreifen</translation>
    </message>
    <message>
        <location line="+9"/>
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
        <translation>Einen HuggingFace-Modellordner (config.json, safetensors-Gewichte und Tokenizer-Dateien)
über Datei ▸ Modellordner öffnen (Strg+O) öffnen oder den Ordner auf dieses Fenster ziehen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Open a Model Folder…</source>
        <translation>Modellordner öffnen…</translation>
    </message>
    <message>
        <location line="+135"/>
        <source>Activation patching over the selected cells (all when none are selected)</source>
        <translation>Activation Patching über die gewählten Zellen (alle, wenn keine gewählt sind)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ROME causal tracing of the clean prompt, noising the subject</source>
        <translation>Causal Tracing nach ROME auf dem sauberen Prompt, mit verrauschtem Subjekt</translation>
    </message>
    <message>
        <location line="-120"/>
        <source>Source-taking interventions read the other prompt (by the direction); the others act on the clean prompt.</source>
        <translation>Interventionen mit Quelle lesen den anderen Prompt (je nach Richtung); die übrigen wirken auf den sauberen Prompt.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Load a pyvene Intervention Folder</source>
        <translation>pyvene-Interventionsordner laden</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save the Intervention as a pyvene Folder</source>
        <translation>Intervention als pyvene-Ordner speichern</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>pyvene-intervention</source>
        <translation>pyvene-intervention</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save Collected Activations</source>
        <translation>Gesammelte Aktivierungen speichern</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>activations.safetensors</source>
        <translation>activations.safetensors</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>safetensors (*.safetensors)</source>
        <translation>safetensors (*.safetensors)</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow_actions.cpp" line="+42"/>
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
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recent E&amp;xperiments</source>
        <translation>Zuletzt geöffnete E&amp;xperimente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E&amp;xamples</source>
        <translation>Beisp&amp;iele</translation>
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
        <translation>Ex&amp;portieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Heatmap &amp;Image (PNG, SVG, PDF)…</source>
        <translation>Heatmap als &amp;Bild (PNG, SVG, PDF)…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
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
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+Y</source>
        <translation>Ctrl+Y</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Select &amp;All Cells</source>
        <translation>&amp;Alle Zellen wählen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+Shift+A</source>
        <translation>Ctrl+Shift+A</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Clear Cell Selection</source>
        <translation>Zellauswahl auf&amp;heben</translation>
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
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Trace</source>
        <translation>&amp;Tracen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+T</source>
        <translation>Ctrl+T</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Logit &amp;Lens</source>
        <translation>Logit &amp;Lens</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Intervene on Selected Cells</source>
        <translation>In gewählten Zellen &amp;eingreifen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
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
        <source>&amp;Reset Layout</source>
        <translation>&amp;Layout zurücksetzen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;User Guide</source>
        <translation>Benutzer&amp;handbuch</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+/</source>
        <translation>Ctrl+/</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;About Causeway</source>
        <translation>&amp;Über Causeway</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Main</source>
        <translation>Hauptleiste</translation>
    </message>
    <message>
        <location line="+59"/>
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
        <translation>&lt;b&gt;Causeway %1&lt;/b&gt;&lt;p&gt;Eine Werkbank für Interpretierbarkeit: Activation Patching, Causal Tracing und einzelne Interventionen an Transformer-Sprachmodellen, mit der Semantik von pyvene.&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+123"/>
        <source>Open Model Folder</source>
        <translation>Modellordner öffnen</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="+45"/>
        <source>%1 — Causeway</source>
        <translation>%1 — Causeway</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Opened %1: %2 layers, %3 parameters</source>
        <translation>%1 geöffnet: %2 Schichten, %3 Parameter</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Could not open %1:
%2</source>
        <translation>%1 konnte nicht geöffnet werden:
%2</translation>
    </message>
    <message>
        <location filename="../app/gui/kind_panels.cpp" line="+49"/>
        <source>The subject “%1” does not occur in the clean prompt; select its tokens again.</source>
        <translation>Das Subjekt „%1“ kommt im sauberen Prompt nicht vor; seine Token erneut markieren.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Select the cells to intervene on: click or drag on the map.</source>
        <translation>Zellen für den Eingriff wählen: in der Karte klicken oder ziehen.</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="+134"/>
        <source>Cancelled before any cell was computed.</source>
        <translation>Abgebrochen, bevor eine Zelle berechnet war.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The run failed after %1 of %2 cells: %3
The cells computed so far are kept in the results list.</source>
        <translation>Der Lauf ist nach %1 von %2 Zellen fehlgeschlagen: %3
Die bis dahin berechneten Zellen bleiben in der Ergebnisliste erhalten.</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow_cells.cpp" line="+234"/>
        <source>Partial result: %1.</source>
        <translation>Teilergebnis: %1.</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow_actions.cpp" line="+109"/>
        <source>experiment.causeway.json</source>
        <translation>experiment.causeway.json</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Causeway experiments (*.causeway.json);;Experiments (*.json)</source>
        <translation>Causeway-Experimente (*.causeway.json);;Experimente (*.json)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Add a caption with the model, the prompts and the answers under the map?</source>
        <translation>Eine Beschriftung mit Modell, Prompts und Antworten unter der Karte hinzufügen?</translation>
    </message>
    <message>
        <location line="+125"/>
        <location line="+10"/>
        <source>A pyvene config describes one intervention: select exactly one cell on the map (now %1).</source>
        <translation>Eine pyvene-Konfiguration beschreibt eine Intervention: genau eine Zelle in der Karte wählen (derzeit %1).</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Save the pyvene Config as a Folder</source>
        <translation>pyvene-Konfiguration als Ordner speichern</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>pyvene-config</source>
        <translation>pyvene-config</translation>
    </message>
    <message>
        <location line="-26"/>
        <source>Folders (*)</source>
        <translation>Ordner (*)</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow_cells.cpp" line="-156"/>
        <source>Collected %1: %2 values, norm %3.</source>
        <translation>Gesammelt %1: %2 Werte, Norm %3.</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow_actions.cpp" line="+3"/>
        <source>Folder not empty</source>
        <translation>Ordner nicht leer</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 is a file; choose a name for a new folder.</source>
        <translation>%1 ist eine Datei; einen Namen für einen neuen Ordner wählen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Could not create the folder %1; check that its parent is writable.</source>
        <translation>Der Ordner %1 konnte nicht angelegt werden; prüfen, ob der übergeordnete Ordner beschreibbar ist.</translation>
    </message>
    <message>
        <location filename="../app/gui/kind_panels.cpp" line="-51"/>
        <location line="+20"/>
        <location line="+15"/>
        <location line="+13"/>
        <source>The model is still opening.</source>
        <translation>Das Modell wird noch geöffnet.</translation>
    </message>
    <message>
        <location line="-47"/>
        <location line="+20"/>
        <location line="+15"/>
        <location line="+13"/>
        <source>Open a model folder first.</source>
        <translation>Zuerst einen Modellordner öffnen.</translation>
    </message>
    <message>
        <location line="-47"/>
        <location line="+20"/>
        <location line="+15"/>
        <source>A run is in progress; cancel it or wait.</source>
        <translation>Ein Lauf ist im Gang; abbrechen oder warten.</translation>
    </message>
    <message>
        <location line="-34"/>
        <source>Type a clean and a corrupted prompt.</source>
        <translation>Einen sauberen und einen verfälschten Prompt eingeben.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The clean prompt has %1 tokens and the corrupted prompt %2; patching needs the same number. Reword one of them.</source>
        <translation>Der saubere Prompt hat %1 Token, der verfälschte %2; Patching braucht die gleiche Anzahl. Einen der beiden umformulieren.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The two prompts are the same; change the corrupted one.</source>
        <translation>Die beiden Prompts sind gleich; den verfälschten ändern.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The prompts have %1 tokens; the model reads at most %2. Shorten them.</source>
        <translation>Die Prompts haben %1 Token; das Modell liest höchstens %2. Bitte kürzen.</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+15"/>
        <location line="+12"/>
        <source>Type a clean prompt.</source>
        <translation>Einen sauberen Prompt eingeben.</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>The prompt has %1 tokens; the model reads at most %2. Shorten it.</source>
        <translation>Der Prompt hat %1 Token; das Modell liest höchstens %2. Bitte kürzen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose the subject: select its tokens in the clean prompt.</source>
        <translation>Subjekt wählen: seine Token im sauberen Prompt markieren.</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>%1 needs a source: type a corrupted prompt.</source>
        <translation>%1 braucht eine Quelle: einen verfälschten Prompt eingeben.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The prompts have %1 and %2 tokens; %3 needs the same number.</source>
        <translation>Die Prompts haben %1 und %2 Token; %3 braucht die gleiche Anzahl.</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="-95"/>
        <source>Patch is disabled: %1</source>
        <translation>Patchen ist nicht möglich: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trace is disabled: %1</source>
        <translation>Tracen ist nicht möglich: %1</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>Run the intervention on the selected cells</source>
        <translation>Die Intervention in den gewählten Zellen ausführen</translation>
    </message>
    <message>
        <location filename="../app/gui/kind_panels.cpp" line="+7"/>
        <source>%1 replaces a component&apos;s output with its input: pick block_output, attention_output or mlp_output.</source>
        <translation>%1 ersetzt die Ausgabe einer Komponente durch ihre Eingabe: block_output, attention_output oder mlp_output wählen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The loaded intervention acts on %1; pick that component.</source>
        <translation>Die geladene Intervention wirkt auf %1; diese Komponente wählen.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The loaded intervention acts at layer(s) %1: select the cells there.</source>
        <translation>Die geladene Intervention wirkt in Schicht(en) %1: dort Zellen auswählen.</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="+14"/>
        <source>Patch: %1</source>
        <translation>Patchen: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trace: %1</source>
        <translation>Tracen: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/kind_panels.cpp" line="+84"/>
        <source>The experiment asks for %1 noise samples; the workbench runs at most %2, so it will use %2.</source>
        <translation>Das Experiment verlangt %1 Rauschproben; die Werkbank führt höchstens %2 aus und verwendet daher %2.</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="+43"/>
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
        <location line="+26"/>
        <source>Cancelled after %1 of %2 cells (%3 s); the partial result is kept.</source>
        <translation>Abgebrochen nach %1 von %2 Zellen (%3 s); das Teilergebnis bleibt erhalten.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Done: %1 cells in %2 s</source>
        <translation>Fertig: %1 Zellen in %2 s</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow_cells.cpp" line="-21"/>
        <source>head</source>
        <translation>Kopf</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>token</source>
        <translation>Token</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="+69"/>
        <source>Results #%1 and #%2 have maps of different shapes (%3×%4 and %5×%6); a difference needs the same grid.</source>
        <translation>Die Ergebnisse #%1 und #%2 haben Karten unterschiedlicher Form (%3×%4 und %5×%6); eine Differenz braucht dasselbe Raster.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Nothing to compare.</source>
        <translation>Nichts zu vergleichen.</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow_cells.cpp" line="-20"/>
        <source>A difference map has no run of its own; click a cell of one of the two results.</source>
        <translation>Eine Differenzkarte hat keinen eigenen Lauf; eine Zelle eines der beiden Ergebnisse anklicken.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open the experiment&apos;s model to see predictions.</source>
        <translation>Das Modell des Experiments öffnen, um Vorhersagen zu sehen.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Computed on another model</source>
        <translation>Mit einem anderen Modell berechnet</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 &lt;a href=&quot;reopen:%2&quot;&gt;Reopen %3&lt;/a&gt; to see this cell&apos;s predictions.</source>
        <translation>%1 &lt;a href=&quot;reopen:%2&quot;&gt;%3 erneut öffnen&lt;/a&gt;, um die Vorhersagen dieser Zelle zu sehen.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Computing layer %1, %2 %3 “%4”…</source>
        <translation>Berechne Schicht %1, %2 %3 „%4“…</translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>%1 on %n cell(s) in %2 s.</source>
        <translation>
            <numerusform>%1 an %n Zelle in %2 s.</numerusform>
            <numerusform>%1 an %n Zellen in %2 s.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+57"/>
        <source>Running %1…</source>
        <translation>%1 läuft…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cannot load the pyvene folder %1: %2</source>
        <translation>Der pyvene-Ordner %1 kann nicht geladen werden: %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The folder&apos;s intervention acts on %1, which the open model&apos;s map does not offer.</source>
        <translation>Die Intervention des Ordners wirkt auf %1, das die Karte des geöffneten Modells nicht anbietet.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Loaded %1 from %2.</source>
        <translation>%1 aus %2 geladen.</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+7"/>
        <source>Cannot save the intervention: %1</source>
        <translation>Die Intervention kann nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Wrote the intervention for pyvene %1 to %2</source>
        <translation>Intervention für pyvene %1 nach %2 geschrieben</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cannot save the collected activations: %1</source>
        <translation>Die gesammelten Aktivierungen können nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Wrote the collected activations to %1</source>
        <translation>Gesammelte Aktivierungen nach %1 geschrieben</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>another model</source>
        <translation>einem anderen Modell</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Result computed on %1; no model is open.</source>
        <translation>Ergebnis mit %1 berechnet; kein Modell ist geöffnet.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>This result was computed on %1, not on the open model %2.</source>
        <translation>Dieses Ergebnis wurde mit %1 berechnet, nicht mit dem geöffneten Modell %2.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>token #%1</source>
        <translation>Token #%1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>head %1</source>
        <translation>Kopf %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“%1” (%2)</source>
        <translation>„%1“ (%2)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>layer %1 · %2 · %3</source>
        <translation>Schicht %1 · %2 · %3</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Model: %1</source>
        <translation>Modell: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow_actions.cpp" line="-284"/>
        <source>Click</source>
        <translation>Klick</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Select a cell and show its predictions</source>
        <translation>Eine Zelle wählen und ihre Vorhersagen zeigen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+Click</source>
        <translation>Strg+Klick</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Add or remove a cell</source>
        <translation>Eine Zelle hinzufügen oder entfernen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shift+Click</source>
        <translation>Umschalt+Klick</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Select the rectangle from the last cell</source>
        <translation>Das Rechteck ab der letzten Zelle wählen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drag</source>
        <translation>Ziehen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Select a rectangle</source>
        <translation>Ein Rechteck wählen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Click a layer or token label</source>
        <translation>Schicht- oder Token-Beschriftung anklicken</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Select the whole row or column</source>
        <translation>Die ganze Zeile oder Spalte wählen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Arrow keys</source>
        <translation>Pfeiltasten</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Move the current cell (Shift extends the selection)</source>
        <translation>Die aktuelle Zelle bewegen (Umschalt erweitert die Auswahl)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Keyboard Shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>The user guide is not installed; see docs/workbench.md in Causeway&apos;s sources.</source>
        <translation>Das Benutzerhandbuch ist nicht installiert; siehe docs/workbench.md in den Quellen von Causeway.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Unsaved results</source>
        <translation>Ungespeicherte Ergebnisse</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The results of this session are not saved. Save them as an experiment file first?</source>
        <translation>Die Ergebnisse dieser Sitzung sind nicht gespeichert. Zuerst als Experimentdatei speichern?</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Open Experiment</source>
        <translation>Experiment öffnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Experiments (*.json);;All files (*)</source>
        <translation>Experimente (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Could not open the experiment %1:
%2</source>
        <translation>Das Experiment %1 konnte nicht geöffnet werden:
%2</translation>
    </message>
    <message numerus="yes">
        <location line="+28"/>
        <source>Opened %1 (%n result(s))</source>
        <translation>
            <numerusform>%1 geöffnet (%n Ergebnis)</numerusform>
            <numerusform>%1 geöffnet (%n Ergebnisse)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Save Experiment</source>
        <translation>Experiment speichern</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+17"/>
        <location line="+23"/>
        <location line="+16"/>
        <source>There is no heatmap to export yet.</source>
        <translation>Es gibt noch keine Heatmap zum Exportieren.</translation>
    </message>
    <message>
        <location line="-52"/>
        <location line="+4"/>
        <source>Export Heatmap</source>
        <translation>Heatmap exportieren</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)</source>
        <translation>PNG-Bild (*.png);;SVG-Zeichnung (*.svg);;PDF-Dokument (*.pdf)</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Could not draw the heatmap as %1.</source>
        <translation>Die Heatmap konnte nicht als %1 gezeichnet werden.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Export Heatmap Data</source>
        <translation>Heatmap-Daten exportieren</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Export Normalised Heatmap Data</source>
        <translation>Normierte Heatmap-Daten exportieren</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Wrote %1</source>
        <translation>%1 geschrieben</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>There is no result to export yet.</source>
        <translation>Es gibt noch kein Ergebnis zum Exportieren.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export Result</source>
        <translation>Ergebnis exportieren</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>results.json</source>
        <translation>results.json</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Cannot export a pyvene script: %1</source>
        <translation>pyvene-Skript kann nicht exportiert werden: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export pyvene Script</source>
        <translation>pyvene-Skript exportieren</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>experiment.py</source>
        <translation>experiment.py</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Python (*.py)</source>
        <translation>Python (*.py)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>%1 already holds files. Write into it anyway?</source>
        <translation>%1 enthält bereits Dateien. Trotzdem hineinschreiben?</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Wrote the pyvene config to %1</source>
        <translation>pyvene-Konfiguration nach %1 geschrieben</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Cannot export the pyvene config: %1</source>
        <translation>pyvene-Konfiguration kann nicht exportiert werden: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/kind_panels_analysis.cpp" line="+8"/>
        <source>Entropy (low = focused)</source>
        <translation>Entropie (niedrig = fokussiert)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weight on the previous token</source>
        <translation>Gewicht auf dem vorigen Token</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weight on the first token</source>
        <translation>Gewicht auf dem ersten Token</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attention patterns: what colours each head on the grid of heads</source>
        <translation>Attention-Muster: was jeden Kopf im Raster der Köpfe einfärbt</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>every cell</source>
        <translation>jede Zelle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> cells</source>
        <translation> Zellen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attribution patching: how many of the cells with the largest estimated effect are then patched exactly, to measure the estimate (0 = none, lowest = every cell)</source>
        <translation>Attribution Patching: wie viele der Zellen mit dem größten geschätzten Effekt danach exakt gepatcht werden, um die Schätzung zu prüfen (0 = keine, kleinster Wert = jede Zelle)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Heads coloured by:</source>
        <translation>Köpfe gefärbt nach:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AtP exact check:</source>
        <translation>AtP exakt prüfen:</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Attention Patterns</source>
        <translation>Attention-&amp;Muster</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Direct Logit Attribution</source>
        <translation>&amp;Direkte Logit-Attribution</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attri&amp;bution Patching (AtP)</source>
        <translation>Attri&amp;bution Patching (AtP)</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Query “%1” (%2) gives key “%3” (%4) the weight %5.</source>
        <translation>Query „%1“ (%2) gibt Key „%3“ (%4) das Gewicht %5.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Click a head on the Head grid tab to see another pattern</source>
        <translation>Einen Kopf im Reiter Kopfraster anklicken, um ein anderes Muster zu sehen</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Layer %1, head %2: each row is a query token&apos;s attention over the key tokens; hover for the weights. The Pattern tab holds it for export.</source>
        <translation>Schicht %1, Kopf %2: jede Zeile ist die Attention eines Query-Tokens über die Key-Tokens; für die Gewichte darüberfahren. Der Reiter Muster hält es für den Export bereit.</translation>
    </message>
</context>
<context>
    <name>causeway::app::ModelPanel</name>
    <message>
        <location filename="../app/gui/model_panel.cpp" line="+26"/>
        <location line="+54"/>
        <source>No model open.</source>
        <translation>Kein Modell geöffnet.</translation>
    </message>
    <message>
        <location line="-41"/>
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
        <location line="+0"/>
        <source>Memory</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Opening %1 …</source>
        <translation>%1 wird geöffnet …</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 (%2 key/value)</source>
        <translation>%1 (%2 Key/Value)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 (MLP %2)</source>
        <translation>%1 (MLP %2)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 (computed in F32)</source>
        <translation>%1 (in F32 berechnet)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>~%1 for a full-context sweep</source>
        <translation>~%1 für einen Sweep über den ganzen Kontext</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>~%1 for a full-context sweep; %2 free</source>
        <translation>~%1 für einen Sweep über den ganzen Kontext; %2 frei</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Still using %1.</source>
        <translation>Weiterhin %1 in Verwendung.</translation>
    </message>
</context>
<context>
    <name>causeway::app::PredictionsPanel</name>
    <message>
        <location filename="../app/gui/predictions_panel.cpp" line="+31"/>
        <source>#%1 %2%</source>
        <translation>#%1 %2 %</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Layer %1 experts: %2</source>
        <translation>Experten in Schicht %1: %2</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+51"/>
        <source>Click a heatmap cell to see that run&apos;s top predictions beside the clean and corrupted runs.</source>
        <translation>Eine Heatmap-Zelle anklicken, um die besten Vorhersagen dieses Laufs neben dem sauberen und dem verfälschten Lauf zu sehen.</translation>
    </message>
    <message>
        <location line="-43"/>
        <location line="+42"/>
        <source>No cell chosen</source>
        <translation>Keine Zelle gewählt</translation>
    </message>
    <message>
        <location line="-32"/>
        <source>Clicked cell</source>
        <translation>Angeklickte Zelle</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Select cells on the map and press Intervene</source>
        <translation>Zellen in der Karte wählen und „Eingreifen“ drücken</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Continuation without the intervention</source>
        <translation>Fortsetzung ohne Eingriff</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>With the intervention</source>
        <translation>Mit Eingriff</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Intervention</source>
        <translation>Intervention</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1: %2 (the heatmap shows %3)</source>
        <translation>%1: %2 (die Heatmap zeigt %3)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Bold: the answer tokens.</source>
        <translation>Fett: die Antwort-Tokens.</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+2"/>
        <source>Clean</source>
        <translation>Sauber</translation>
    </message>
    <message>
        <location line="-2"/>
        <location line="+2"/>
        <source>Corrupted</source>
        <translation>Verfälscht</translation>
    </message>
    <message>
        <location line="-1"/>
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
</context>
<context>
    <name>causeway::app::PreferencesDialog</name>
    <message>
        <location filename="../app/gui/appsettings.cpp" line="+122"/>
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
        <translation>Logit-Differenz</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Probability</source>
        <translation>Wahrscheinlichkeit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Log-probability</source>
        <translation>Log-Wahrscheinlichkeit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>KL divergence</source>
        <translation>KL-Divergenz</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>ROME&apos;s colours for causal tracing (purple, green, red)</source>
        <translation>ROME-Farben für Causal Tracing (violett, grün, rot)</translation>
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
        <translation>Farbskala, Werte mit Vorzeichen:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Colour map, other values:</source>
        <translation>Farbskala, übrige Werte:</translation>
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
    <name>causeway::app::PromptsPanel</name>
    <message>
        <location filename="../app/gui/prompts_panel.cpp" line="+32"/>
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
        <location line="+10"/>
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
        <translation>Token anklicken, mit Umschalt anklicken oder überstreichen, um das Subjekt für Causal Tracing zu wählen</translation>
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
        <translation>Ein Token, meist mit führendem Leerzeichen, z. B. „ Paris“</translation>
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
        <location line="+5"/>
        <source>Noised copies of the prompt averaged per cell: 1 to %1 (ROME uses 10).</source>
        <translation>Pro Zelle gemittelte verrauschte Kopien des Prompts: 1 bis %1 (ROME verwendet 10).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> (max %1)</source>
        <translation> (max. %1)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> × embedding std</source>
        <translation> × σ(Embedding)</translation>
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
        <location line="+8"/>
        <source>Patch</source>
        <translation>Patchen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Activation patching over the selected cells (all when none are selected)</source>
        <translation>Activation Patching über die gewählten Zellen (alle, wenn keine gewählt sind)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trace</source>
        <translation>Tracen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ROME causal tracing of the clean prompt, noising the subject</source>
        <translation>Causal Tracing nach ROME auf dem sauberen Prompt, mit verrauschtem Subjekt</translation>
    </message>
    <message>
        <location line="+23"/>
        <location line="+99"/>
        <source>Subject: none — select its tokens in the clean prompt to trace.</source>
        <translation>Subjekt: keins — zum Tracen seine Token im sauberen Prompt markieren.</translation>
    </message>
    <message numerus="yes">
        <location line="-77"/>
        <source>%n token(s)</source>
        <translation>
            <numerusform>%n Token</numerusform>
            <numerusform>%n Token</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 — longer than the model&apos;s %2 positions (max_position_embeddings / n_positions in config.json); shorten it.</source>
        <translation>%1 — länger als die %2 Positionen des Modells (max_position_embeddings / n_positions in config.json); bitte kürzen.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 — the clean prompt has %2; patching needs the same number</source>
        <translation>%1 — der saubere Prompt hat %2; Patching braucht die gleiche Anzahl</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Subject: “%1”</source>
        <translation>Subjekt: „%1“</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The subject “%1” does not occur in the clean prompt; select its tokens again.</source>
        <translation>Das Subjekt „%1“ kommt im sauberen Prompt nicht vor; seine Token erneut markieren.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Subject: “%1” (tokens %2–%3)</source>
        <translation>Subjekt: „%1“ (Token %2–%3)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Edit the clean prompt</source>
        <translation>Sauberen Prompt bearbeiten</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Edit the corrupted prompt</source>
        <translation>Verfälschten Prompt bearbeiten</translation>
    </message>
</context>
<context>
    <name>causeway::app::ResultStore</name>
    <message numerus="yes">
        <location filename="../app/gui/result_store.cpp" line="+98"/>
        <source>Remove %n result(s)</source>
        <translation>
            <numerusform>%n Ergebnis entfernen</numerusform>
            <numerusform>%n Ergebnisse entfernen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>causeway::app::ResultsListPanel</name>
    <message>
        <location filename="../app/gui/results_list_panel.cpp" line="+22"/>
        <source>Results</source>
        <translation>Ergebnisse</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Difference</source>
        <translation>Differenz</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select two results with the same shape to see the first minus the second.</source>
        <translation>Zwei Ergebnisse gleicher Form wählen, um das erste minus das zweite zu sehen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>#%1 Difference %2</source>
        <translation>#%1 Differenz %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>#%1 %2</source>
        <translation>#%1 %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+2"/>
        <source> · %1</source>
        <translation> · %1</translation>
    </message>
    <message>
        <location line="-1"/>
        <source> · running</source>
        <translation> · läuft</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> · %1 cells, %2 s</source>
        <translation> · %1 Zellen, %2 s</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Stopped: %1</source>
        <translation>Angehalten: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Model: %1 (%2)</source>
        <translation>Modell: %1 (%2)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weights: %1</source>
        <translation>Gewichte: %1</translation>
    </message>
</context>
<context>
    <name>causeway::app::SafeApplication</name>
    <message>
        <location filename="../app/gui/safeapplication.cpp" line="+19"/>
        <source>an unknown error</source>
        <translation>ein unbekannter Fehler</translation>
    </message>
</context>
<context>
    <name>causeway::app::Session</name>
    <message>
        <location filename="../app/gui/session.cpp" line="+94"/>
        <source>Reading the weights</source>
        <translation>Gewichte werden gelesen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reading the tokenizer</source>
        <translation>Tokenizer wird gelesen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Fingerprinting the weights</source>
        <translation>Fingerabdruck der Gewichte wird berechnet</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>none</source>
        <translation>keiner</translation>
    </message>
</context>
<context>
    <name>causeway::widgets::HeatmapView</name>
    <message>
        <location filename="../widgets/heatmapview.cpp" line="+451"/>
        <source>not computed</source>
        <translation>nicht berechnet</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 %2, %3 %4 “%5”
%6: %7</source>
        <translation>%1 %2, %3 %4 „%5“
%6: %7</translation>
    </message>
    <message>
        <location line="-3"/>
        <location line="+4"/>
        <source>row</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>%1 “%2” (%3) → %4 “%5” (%6)
%7: %8</source>
        <translation>%1 „%2“ (%3) → %4 „%5“ (%6)
%7: %8</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+4"/>
        <source>column</source>
        <translation>Spalte</translation>
    </message>
    <message>
        <location line="-3"/>
        <location line="+4"/>
        <source>value</source>
        <translation>Wert</translation>
    </message>
</context>
<context>
    <name>causeway::widgets::PredictionsView</name>
    <message>
        <location filename="../widgets/predictionsview.cpp" line="+26"/>
        <source>Next-token predictions</source>
        <translation>Vorhersagen des nächsten Tokens</translation>
    </message>
    <message>
        <location line="+114"/>
        <source>“%1” %2%</source>
        <translation>„%1“ %2 %</translation>
    </message>
</context>
<context>
    <name>causeway::widgets::TokenChips</name>
    <message>
        <location filename="../widgets/prompteditor.cpp" line="+169"/>
        <source>Token %1: “%2”</source>
        <translation>Token %1: „%2“</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="+121"/>
        <source>Causeway interpretability workbench</source>
        <translation>Causeway – Werkbank für Interpretierbarkeit</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A model folder or an experiment file (.json).</source>
        <translation>Ein Modellordner oder eine Experimentdatei (.json).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start without opening the demo model.</source>
        <translation>Starten, ohne das Demo-Modell zu öffnen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>light, dark or system.</source>
        <translation>light, dark oder system.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Language for this run (%1); overrides the setting.</source>
        <translation>Sprache für diesen Start (%1); hat Vorrang vor der Einstellung.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save the window as PNG and quit.</source>
        <translation>Das Fenster als PNG speichern und beenden.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Window size, WxH.</source>
        <translation>Fenstergröße, WxH.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clean prompt.</source>
        <translation>Sauberer Prompt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Corrupted prompt.</source>
        <translation>Verfälschter Prompt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Component to patch.</source>
        <translation>Zu patchende Komponente.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Subject tokens BEGIN,END.</source>
        <translation>Subjekt-Token BEGIN,END.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select grid cells ROW0,COL0,ROW1,COL1.</source>
        <translation>Rasterzellen ROW0,COL0,ROW1,COL1 wählen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select grid cells ROW0,COL0,ROW1,COL1 before running (the sweep computes only those).</source>
        <translation>Rasterzellen ROW0,COL0,ROW1,COL1 vor dem Lauf wählen (der Sweep berechnet nur diese).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>patch, trace, or a kind from the Run menu by name (attention_patterns, logit_attribution, attribution_patching).</source>
        <translation>patch, trace oder eine Art aus dem Menü Ausführen beim Namen (attention_patterns, logit_attribution, attribution_patching).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Heatmap tab to show.</source>
        <translation>Anzuzeigender Heatmap-Reiter.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Click heatmap cell ROW,COL.</source>
        <translation>Heatmap-Zelle ROW,COL anklicken.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run the intervention panel (vanilla, addition, subtraction, zero, noise, skip, collect).</source>
        <translation>Das Interventionsfeld ausführen (vanilla, addition, subtraction, zero, noise, skip, collect).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run the patch twice more (second component) and show the difference.</source>
        <translation>Das Patching noch zweimal ausführen (zweite Komponente) und die Differenz zeigen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>After a crash: ask, yes or no to restoring the autosaved work (default: ask).</source>
        <translation>Nach einem Absturz: ask, yes oder no zum Wiederherstellen der automatisch gesicherten Arbeit (Standard: ask).</translation>
    </message>
</context>
</TS>
