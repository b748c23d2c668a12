#!/usr/bin/env python3
"""Updates causeway_de.ts and causeway_zh_CN.ts from the sources (lupdate) and fills them from the
table below.

Kept in the tree so that a later lupdate merge can be translated the same way: add the new
source texts to DE and ZH, run this script, and the CMake check reports anything left over.
Checks every translation keeps the source's placeholders (%1, %n), HTML tags and one '&'.
"""
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAME = object()  # the translation is the source text itself (shortcuts, file names, identifiers)

# source text -> (German, Simplified Chinese); a list for %n (plural) messages: German has two
# forms (one, other), Chinese one.
T = {
    "Logit difference (correct − incorrect)": ("Logit-Differenz (richtig − falsch)", "logit 差（正确 − 错误）"),
    "Probability of the correct answer": ("Wahrscheinlichkeit der richtigen Antwort", "正确答案的概率"),
    "Log-probability of the correct answer": ("Log-Wahrscheinlichkeit der richtigen Antwort", "正确答案的对数概率"),
    "KL divergence from the clean run": ("KL-Divergenz zum sauberen Lauf", "相对干净运行的 KL 散度"),
    "MLP": (SAME, SAME),
    "Attention": ("Attention", "注意力"),
    "Hidden states": ("Verborgene Zustände", "隐藏状态"),
    "Causeway": (SAME, SAME),
    "Opening %1 …": ("%1 wird geöffnet …", "正在打开 %1 …"),
    "Opening the model…": ("Modell wird geöffnet…", "正在打开模型…"),
    "Something went wrong inside Causeway: %1\nNothing was lost; the results and panels are as they were. Please report this message.":
        ("In Causeway ist ein Fehler aufgetreten: %1\nNichts ging verloren; Ergebnisse und Bereiche sind unverändert. Bitte diese Meldung melden.",
         "Causeway 内部出错：%1\n没有丢失任何内容；结果和面板均保持原样。请报告此消息。"),
    "Model": ("Modell", "模型"),
    "Prompts and run": ("Prompts und Lauf", "提示词与运行"),
    "Results": ("Ergebnisse", "结果"),
    "Difference": ("Differenz", "差值"),
    "Select two results with the same shape to see the first minus the second.":
        ("Zwei Ergebnisse gleicher Form wählen, um das erste minus das zweite zu sehen.",
         "选择两个形状相同的结果，查看第一个减去第二个的差值。"),
    "Remove": ("Entfernen", "移除"),
    "Intervene": ("Eingreifen", "干预"),
    "Cancel": ("Abbrechen", "取消"),
    "Stop the run; the cells done so far are kept (Esc)": ("Lauf anhalten; bereits berechnete Zellen bleiben erhalten (Esc)", "停止运行；已完成的单元格会保留（Esc）"),
    "No model open": ("Kein Modell geöffnet", "未打开模型"),
    "Open a HuggingFace model folder (config.json, safetensors weights and tokenizer files)\nwith File ▸ Open Model Folder (Ctrl+O), or drop the folder onto this window.":
        ("Einen HuggingFace-Modellordner (config.json, safetensors-Gewichte und Tokenizer-Dateien)\nüber Datei ▸ Modellordner öffnen (Strg+O) öffnen oder den Ordner auf dieses Fenster ziehen.",
         "通过“文件 ▸ 打开模型文件夹”（Ctrl+O）打开 HuggingFace 模型文件夹（config.json、safetensors 权重和分词器文件），\n或将文件夹拖放到此窗口。"),
    "Open a Model Folder…": ("Modellordner öffnen…", "打开模型文件夹…"),
    "No model open.": ("Kein Modell geöffnet.", "未打开模型。"),
    "Family": ("Familie", "系列"),
    "Layers": ("Schichten", "层数"),
    "Heads": ("Köpfe", "头数"),
    "Width": ("Breite", "宽度"),
    "Vocabulary": ("Vokabular", "词表"),
    "Parameters": ("Parameter", "参数量"),
    "Weights": ("Gewichte", "权重"),
    "Tokenizer": ("Tokenizer", "分词器"),
    "Clean prompt": ("Sauberer Prompt", "干净提示词"),
    "e.g. The Eiffel Tower is located in the city of": ("z. B. The Eiffel Tower is located in the city of", "例如 The Eiffel Tower is located in the city of"),
    "Click, shift-click or drag over tokens to choose the subject for causal tracing":
        ("Token anklicken, mit Umschalt anklicken oder überstreichen, um das Subjekt für Causal Tracing zu wählen",
         "单击、Shift+单击或拖过词元，为因果追踪选择主语"),
    "Corrupted prompt": ("Verfälschter Prompt", "损坏提示词"),
    "Same number of tokens, with the key fact changed": ("Gleich viele Token, mit geänderter Schlüsselinformation", "词元数相同，但关键事实已更改"),
    "Answer tokens": ("Antwort-Token", "答案词元"),
    "clean run's top token": ("Top-Token des sauberen Laufs", "干净运行的首选词元"),
    "One token, usually with a leading space, e.g. “ Paris”": ("Ein Token, meist mit führendem Leerzeichen, z. B. „ Paris“", "一个词元，通常带前导空格，例如“ Paris”"),
    "corrupted run's top token": ("Top-Token des verfälschten Laufs", "损坏运行的首选词元"),
    "Correct:": ("Richtig:", "正确："),
    "Incorrect:": ("Falsch:", "错误："),
    "Options": ("Optionen", "选项"),
    "Denoising: clean into corrupted": ("Entrauschen: sauber in verfälscht", "去噪：干净 → 损坏"),
    "Noising: corrupted into clean": ("Verrauschen: verfälscht in sauber", "加噪：损坏 → 干净"),
    "Noised copies of the prompt averaged per cell: 1 to %1 (ROME uses 10).":
        ("Pro Zelle gemittelte verrauschte Kopien des Prompts: 1 bis %1 (ROME verwendet 10).",
         "每个单元格取平均的加噪提示词副本数：1 到 %1（ROME 使用 10）。"),
    " (max %1)": (" (max. %1)", "（最多 %1）"),
    " × embedding std": (" × σ(Embedding)", " × 嵌入标准差"),
    "Metric:": ("Metrik:", "指标："),
    "Direction:": ("Richtung:", "方向："),
    "Noise samples:": ("Rauschproben:", "噪声样本："),
    "Noise:": ("Rauschen:", "噪声："),
    "Window:": ("Fenster:", "窗口："),
    "Seed:": ("Seed:", "随机种子："),
    "Patch": ("Patchen", "修补"),
    "Activation patching over the selected cells (all when none are selected)":
        ("Activation Patching über die gewählten Zellen (alle, wenn keine gewählt sind)", "对所选单元格进行激活修补（未选择时为全部单元格）"),
    "Trace": ("Tracen", "追踪"),
    "ROME causal tracing of the clean prompt, noising the subject":
        ("Causal Tracing nach ROME auf dem sauberen Prompt, mit verrauschtem Subjekt", "对干净提示词进行 ROME 因果追踪，对主语加噪"),
    "Subject: none — select its tokens in the clean prompt to trace.":
        ("Subjekt: keins — zum Tracen seine Token im sauberen Prompt markieren.", "主语：无 — 在干净提示词中选择其词元以进行追踪。"),
    "&Component:": ("&Komponente:", "组件(&C)："),
    "The site patched: a component at each (layer, token), or per head for head components":
        ("Die gepatchte Stelle: eine Komponente an jeder Position (Schicht, Token), bei Kopf-Komponenten je Kopf",
         "修补位置：每个（层，词元）处的一个组件；对注意力头组件则按头修补"),
    "Clear Selection": ("Auswahl aufheben", "清除选择"),
    "Normalised": ("Normiert", "归一化"),
    "Patching: 0 = corrupted baseline, 1 = clean baseline": ("Patching: 0 = verfälschte Basislinie, 1 = saubere Basislinie", "修补：0 = 损坏基线，1 = 干净基线"),
    "Click a heatmap cell to see that run's top predictions beside the clean and corrupted runs.":
        ("Eine Heatmap-Zelle anklicken, um die besten Vorhersagen dieses Laufs neben dem sauberen und dem verfälschten Lauf zu sehen.",
         "单击热力图单元格，查看该运行的首选预测，并与干净运行和损坏运行对照。"),
    "No cell chosen": ("Keine Zelle gewählt", "未选择单元格"),
    "Impact of restoring the MLP output after noising the subject":
        ("Wirkung der Wiederherstellung der MLP-Ausgabe nach Verrauschen des Subjekts", "对主语加噪后恢复 MLP 输出的影响"),
    "Impact of restoring the attention output after noising the subject":
        ("Wirkung der Wiederherstellung der Attention-Ausgabe nach Verrauschen des Subjekts", "对主语加噪后恢复注意力输出的影响"),
    "Impact of restoring the hidden state after noising the subject":
        ("Wirkung der Wiederherstellung des verborgenen Zustands nach Verrauschen des Subjekts", "对主语加噪后恢复隐藏状态的影响"),
    "Clicked cell": ("Angeklickte Zelle", "所单击的单元格"),
    "Select cells on the map and press Intervene": ("Zellen in der Karte wählen und „Eingreifen“ drücken", "在图上选择单元格，然后按“干预”"),
    "no generation": ("keine Generierung", "不生成"),
    " tokens": (" Token", " 个词元"),
    "Intervention:": ("Intervention:", "干预："),
    "Generate:": ("Generieren:", "生成："),
    "Intervene on Selected Cells": ("In gewählten Zellen eingreifen", "干预所选单元格"),
    "Continuation without the intervention": ("Fortsetzung ohne Eingriff", "无干预的续写"),
    "With the intervention": ("Mit Eingriff", "有干预的续写"),
    "Intervention": ("Intervention", "干预"),
    # Menus: German accelerators unique per menu; Chinese the usual "文件(&F)" form.
    "&File": ("&Datei", "文件(&F)"),
    "&Open Model Folder…": ("Modellordner ö&ffnen…", "打开模型文件夹(&O)…"),
    "Open &Recent Model": ("&Zuletzt geöffnete Modelle", "最近打开的模型(&R)"),
    "Open &Experiment…": ("&Experiment öffnen…", "打开实验(&E)…"),
    "Ctrl+Shift+O": (SAME, SAME),
    "Recent E&xperiments": ("Zuletzt geöffnete E&xperimente", "最近的实验(&X)"),
    "E&xamples": ("Beisp&iele", "示例(&M)"),
    "&Save Experiment": ("Experiment &speichern", "保存实验(&S)"),
    "Save Experiment &As…": ("Experiment speichern &unter…", "实验另存为(&A)…"),
    "&Export": ("Ex&portieren", "导出(&T)"),
    "Heatmap &Image (PNG, SVG, PDF)…": ("Heatmap als &Bild (PNG, SVG, PDF)…", "热力图图像（PNG、SVG、PDF）(&I)…"),
    "Ctrl+E": (SAME, SAME),
    "Heatmap &Data (CSV)…": ("Heatmap-&Daten (CSV)…", "热力图数据（CSV）(&D)…"),
    "Result as &JSON…": ("Ergebnis als &JSON…", "结果导出为 JSON(&J)…"),
    "&pyvene Script…": ("&pyvene-Skript…", "pyvene 脚本(&P)…"),
    "pyvene &Config of the Selected Cell…": ("pyvene-&Konfiguration der gewählten Zelle…", "所选单元格的 pyvene 配置(&C)…"),
    "&Quit": ("&Beenden", "退出(&Q)"),
    "&Edit": ("&Bearbeiten", "编辑(&E)"),
    "&Undo": ("&Rückgängig", "撤销(&U)"),
    "&Redo": ("&Wiederholen", "重做(&R)"),
    "Ctrl+Y": (SAME, SAME),
    "Select &All Cells": ("&Alle Zellen wählen", "选择全部单元格(&A)"),
    "Ctrl+Shift+A": (SAME, SAME),
    "&Clear Cell Selection": ("Zellauswahl auf&heben", "清除单元格选择(&C)"),
    "&Preferences…": ("&Einstellungen…", "首选项(&P)…"),
    "&Run": ("&Lauf", "运行(&R)"),
    "&Patch": ("&Patchen", "修补(&P)"),
    "Ctrl+R": (SAME, SAME),
    "&Trace": ("&Tracen", "追踪(&T)"),
    "Ctrl+T": (SAME, SAME),
    "&Intervene on Selected Cells": ("In gewählten Zellen &eingreifen", "干预所选单元格(&I)"),
    "Ctrl+I": (SAME, SAME),
    "&Cancel": ("&Abbrechen", "取消(&C)"),
    "&View": ("&Ansicht", "视图(&V)"),
    "&Reset Layout": ("&Layout zurücksetzen", "重置布局(&R)"),
    "&Help": ("&Hilfe", "帮助(&H)"),
    "&User Guide": ("Benutzer&handbuch", "用户指南(&U)"),
    "&Keyboard Shortcuts": ("&Tastenkürzel", "键盘快捷键(&K)"),
    "Ctrl+/": (SAME, SAME),
    "&About Causeway": ("&Über Causeway", "关于 Causeway(&A)"),
    "Main": ("Hauptleiste", "主工具栏"),
    "(none)": ("(keine)", "（无）"),
    "Clear List": ("Liste leeren", "清空列表"),
    "(none installed)": ("(keine installiert)", "（未安装）"),
    "About Causeway": ("Über Causeway", "关于 Causeway"),
    "<b>Causeway %1</b><p>An interpretability workbench: activation patching, causal tracing and single interventions on transformer language models, with pyvene's semantics.</p>":
        ("<b>Causeway %1</b><p>Eine Werkbank für Interpretierbarkeit: Activation Patching, Causal Tracing und einzelne Interventionen an Transformer-Sprachmodellen, mit der Semantik von pyvene.</p>",
         "<b>Causeway %1</b><p>可解释性工作台：在 Transformer 语言模型上进行激活修补、因果追踪和单次干预，语义与 pyvene 一致。</p>"),
    "Open Model Folder": ("Modellordner öffnen", "打开模型文件夹"),
    "<b>%1</b><br>%2": (SAME, SAME),
    "%1 (%2 key/value)": ("%1 (%2 Key/Value)", "%1（%2 个键/值头）"),
    "%1 (MLP %2)": (SAME, "%1（MLP %2）"),
    "%1 (computed in F32)": ("%1 (in F32 berechnet)", "%1（以 F32 计算）"),
    "%1 — Causeway": (SAME, SAME),
    "Opened %1: %2 layers, %3 parameters": ("%1 geöffnet: %2 Schichten, %3 Parameter", "已打开 %1：%2 层，%3 个参数"),
    "Still using %1.": ("Weiterhin %1 in Verwendung.", "仍在使用 %1。"),
    "Could not open %1:\n%2": ("%1 konnte nicht geöffnet werden:\n%2", "无法打开 %1：\n%2"),
    "%n token(s)": (["%n Token", "%n Token"], ["%n 个词元"]),
    "%1 — longer than the model's %2 positions (max_position_embeddings / n_positions in config.json); shorten it.":
        ("%1 — länger als die %2 Positionen des Modells (max_position_embeddings / n_positions in config.json); bitte kürzen.",
         "%1 — 超过模型的 %2 个位置（config.json 中的 max_position_embeddings / n_positions）；请缩短。"),
    "%1 — the clean prompt has %2; patching needs the same number":
        ("%1 — der saubere Prompt hat %2; Patching braucht die gleiche Anzahl", "%1 — 干净提示词有 %2；修补需要相同数量"),
    "Subject: “%1”": ("Subjekt: „%1“", "主语：“%1”"),
    "The subject “%1” does not occur in the clean prompt; select its tokens again.":
        ("Das Subjekt „%1“ kommt im sauberen Prompt nicht vor; seine Token erneut markieren.", "主语“%1”未出现在干净提示词中；请重新选择其词元。"),
    "Subject: “%1” (tokens %2–%3)": ("Subjekt: „%1“ (Token %2–%3)", "主语：“%1”（词元 %2–%3）"),
    "Edit the clean prompt": ("Sauberen Prompt bearbeiten", "编辑干净提示词"),
    "Edit the corrupted prompt": ("Verfälschten Prompt bearbeiten", "编辑损坏提示词"),
    "Type a prompt to fill the grid.": ("Einen Prompt eingeben, um das Raster zu füllen.", "输入提示词以填充网格。"),
    "No cells selected: a sweep computes all %1 cells. Click or drag on the map to choose.":
        ("Keine Zellen gewählt: ein Sweep berechnet alle %1 Zellen. Zum Wählen in der Karte klicken oder ziehen.",
         "未选择单元格：扫描将计算全部 %1 个单元格。在图上单击或拖动进行选择。"),
    "Select the cells to intervene on: click or drag on the map.":
        ("Zellen für den Eingriff wählen: in der Karte klicken oder ziehen.", "选择要干预的单元格：在图上单击或拖动。"),
    "Type a prompt: its tokens and the model's layers make the grid.":
        ("Einen Prompt eingeben: seine Token und die Schichten des Modells bilden das Raster.", "输入提示词：其词元与模型的层构成网格。"),
    "Next run": ("Nächster Lauf", "下一次运行"),
    "Noised": ("Verrauscht", "加噪后"),
    "Add a caption with the model, the prompts and the answers under the map?":
        ("Eine Beschriftung mit Modell, Prompts und Antworten unter der Karte hinzufügen?", "在图下方添加包含模型、提示词和答案的说明文字？"),
    "A pyvene config describes one intervention: select exactly one cell on the map (now %1).":
        ("Eine pyvene-Konfiguration beschreibt eine Intervention: genau eine Zelle in der Karte wählen (derzeit %1).",
         "pyvene 配置描述单个干预：请在图上恰好选择一个单元格（当前为 %1 个）。"),
    "Save the pyvene Config as a Folder": ("pyvene-Konfiguration als Ordner speichern", "将 pyvene 配置保存为文件夹"),
    "pyvene-config": (SAME, SAME),
    "Folders (*)": ("Ordner (*)", "文件夹 (*)"),
    "Folder not empty": ("Ordner nicht leer", "文件夹非空"),
    "%1 already holds files. Write into it anyway?":
        ("%1 enthält bereits Dateien. Trotzdem hineinschreiben?", "%1 中已有文件。仍要写入其中吗？"),
    # The Intervene dock (intervention_panel.cpp) and pyvene folders
    "Replace the cells with the source run's values.": ("Ersetzt die Zellen durch die Werte des Quelllaufs.", "用源运行的值替换这些单元格。"),
    "Add the source run's values to the cells.": ("Addiert die Werte des Quelllaufs zu den Zellen.", "将源运行的值加到这些单元格上。"),
    "Subtract the source run's values from the cells.": ("Subtrahiert die Werte des Quelllaufs von den Zellen.", "从这些单元格中减去源运行的值。"),
    "Set the cells to zero.": ("Setzt die Zellen auf null.", "将这些单元格置零。"),
    "Add pyvene's fixed Gaussian noise (level 0.135) to the cells.":
        ("Addiert pyvenes festes Gauß-Rauschen (Stärke 0,135) zu den Zellen.", "向这些单元格加入 pyvene 的固定高斯噪声（强度 0.135）。"),
    "Replace the component's output with its input at the cells, as if it were skipped there.":
        ("Ersetzt an den Zellen die Ausgabe der Komponente durch ihre Eingabe, als würde sie dort übersprungen.", "在这些单元格处用组件的输入替换其输出，如同跳过该组件。"),
    "Read the cells' activations without changing the run; save them as safetensors.":
        ("Liest die Aktivierungen der Zellen, ohne den Lauf zu ändern; als safetensors speicherbar.", "读取这些单元格的激活而不改变运行；可保存为 safetensors。"),
    "all": ("alle", "全部"),
    "pyvene's interchange_dim: act on the first N dimensions of each cell only":
        ("pyvenes interchange_dim: nur auf die ersten N Dimensionen jeder Zelle wirken", "pyvene 的 interchange_dim：只作用于每个单元格的前 N 个维度"),
    "Dimensions:": ("Dimensionen:", "维度："),
    "Load pyvene Folder…": ("pyvene-Ordner laden…", "加载 pyvene 文件夹…"),
    "Run an intervention saved by pyvene's IntervenableModel.save() (trained ones included) on the selected cells":
        ("Eine mit pyvenes IntervenableModel.save() gespeicherte Intervention (auch trainierte) auf den ausgewählten Zellen ausführen",
         "在所选单元格上运行由 pyvene 的 IntervenableModel.save() 保存的干预（包括已训练的）"),
    "Save pyvene Folder": ("pyvene-Ordner speichern", "保存 pyvene 文件夹"),
    "Save this intervention on the selected cells as pyvene's save() writes it":
        ("Diese Intervention auf den ausgewählten Zellen so speichern, wie pyvenes save() sie schreibt", "按 pyvene 的 save() 格式保存所选单元格上的此干预"),
    "For pyvene %1…": ("Für pyvene %1…", "用于 pyvene %1…"),
    "Save Collected Activations…": ("Gesammelte Aktivierungen speichern…", "保存收集的激活…"),
    "From %1 (%2)": ("Aus %1 (%2)", "来自 %1（%2）"),
    "%1 on %2 at layer(s) %3, loaded from %4": ("%1 auf %2 in Schicht(en) %3, geladen aus %4", "%1，作用于 %2，第 %3 层，加载自 %4"),
    "%1 on %2 at layer(s) %3, with the weights saved in the folder.%4":
        ("%1 auf %2 in Schicht(en) %3, mit den im Ordner gespeicherten Gewichten.%4", "%1，作用于 %2，第 %3 层，使用文件夹中保存的权重。%4"),
    " Takes its source from the other prompt.": (" Nimmt die Quelle aus dem anderen Prompt.", " 其源取自另一个提示词。"),
    "Source-taking interventions read the other prompt (by the direction); the others act on the clean prompt.":
        ("Interventionen mit Quelle lesen den anderen Prompt (je nach Richtung); die übrigen wirken auf den sauberen Prompt.",
         "需要源的干预读取另一个提示词（取决于方向）；其余干预作用于干净提示词。"),
    "Load a pyvene Intervention Folder": ("pyvene-Interventionsordner laden", "加载 pyvene 干预文件夹"),
    "Save the Intervention as a pyvene Folder": ("Intervention als pyvene-Ordner speichern", "将干预保存为 pyvene 文件夹"),
    "pyvene-intervention": ("pyvene-intervention", "pyvene-intervention"),
    "Save Collected Activations": ("Gesammelte Aktivierungen speichern", "保存收集的激活"),
    "activations.safetensors": (SAME, SAME),
    "safetensors (*.safetensors)": (SAME, SAME),
    "%1 replaces a component's output with its input: pick block_output, attention_output or mlp_output.":
        ("%1 ersetzt die Ausgabe einer Komponente durch ihre Eingabe: block_output, attention_output oder mlp_output wählen.",
         "%1 用组件的输入替换其输出：请选择 block_output、attention_output 或 mlp_output。"),
    "The loaded intervention acts on %1; pick that component.": ("Die geladene Intervention wirkt auf %1; diese Komponente wählen.", "加载的干预作用于 %1；请选择该组件。"),
    "The loaded intervention acts at layer(s) %1: select the cells there.":
        ("Die geladene Intervention wirkt in Schicht(en) %1: dort Zellen auswählen.", "加载的干预作用于第 %1 层：请在那里选择单元格。"),
    "Collected %1: %2 values, norm %3.": ("Gesammelt %1: %2 Werte, Norm %3.", "已收集 %1：%2 个值，范数 %3。"),
    "Cannot load the pyvene folder %1: %2": ("Der pyvene-Ordner %1 kann nicht geladen werden: %2", "无法加载 pyvene 文件夹 %1：%2"),
    "The folder's intervention acts on %1, which the open model's map does not offer.":
        ("Die Intervention des Ordners wirkt auf %1, das die Karte des geöffneten Modells nicht anbietet.", "该文件夹的干预作用于 %1，而当前模型的图中没有此项。"),
    "Loaded %1 from %2.": ("%1 aus %2 geladen.", "已从 %2 加载 %1。"),
    "Cannot save the intervention: %1": ("Die Intervention kann nicht gespeichert werden: %1", "无法保存干预：%1"),
    "Wrote the intervention for pyvene %1 to %2": ("Intervention für pyvene %1 nach %2 geschrieben", "已将用于 pyvene %1 的干预写入 %2"),
    "Cannot save the collected activations: %1": ("Die gesammelten Aktivierungen können nicht gespeichert werden: %1", "无法保存收集的激活：%1"),
    "Wrote the collected activations to %1": ("Gesammelte Aktivierungen nach %1 geschrieben", "已将收集的激活写入 %1"),
    "%1 is a file; choose a name for a new folder.": ("%1 ist eine Datei; einen Namen für einen neuen Ordner wählen.", "%1 是文件；请为新文件夹选择名称。"),
    "Could not create the folder %1; check that its parent is writable.":
        ("Der Ordner %1 konnte nicht angelegt werden; prüfen, ob der übergeordnete Ordner beschreibbar ist.", "无法创建文件夹 %1；请检查其上级文件夹是否可写。"),
    "%1 of %2 cells selected: a sweep computes these; Intervene patches them.":
        ("%1 von %2 Zellen gewählt: ein Sweep berechnet diese; „Eingreifen“ patcht sie.", "已选择 %1 / %2 个单元格：扫描只计算这些；“干预”会修补它们。"),
    "The model is still opening.": ("Das Modell wird noch geöffnet.", "模型仍在打开中。"),
    "Open a model folder first.": ("Zuerst einen Modellordner öffnen.", "请先打开模型文件夹。"),
    "A run is in progress; cancel it or wait.": ("Ein Lauf ist im Gang; abbrechen oder warten.", "正在运行；请取消或等待。"),
    "Type a clean and a corrupted prompt.": ("Einen sauberen und einen verfälschten Prompt eingeben.", "请输入干净提示词和损坏提示词。"),
    "The clean prompt has %1 tokens and the corrupted prompt %2; patching needs the same number. Reword one of them.":
        ("Der saubere Prompt hat %1 Token, der verfälschte %2; Patching braucht die gleiche Anzahl. Einen der beiden umformulieren.",
         "干净提示词有 %1 个词元，损坏提示词有 %2 个；修补需要相同数量。请改写其中一个。"),
    "The two prompts are the same; change the corrupted one.": ("Die beiden Prompts sind gleich; den verfälschten ändern.", "两个提示词相同；请修改损坏提示词。"),
    "The prompts have %1 tokens; the model reads at most %2. Shorten them.":
        ("Die Prompts haben %1 Token; das Modell liest höchstens %2. Bitte kürzen.", "提示词有 %1 个词元；模型最多读取 %2 个。请缩短。"),
    "Type a clean prompt.": ("Einen sauberen Prompt eingeben.", "请输入干净提示词。"),
    "The prompt has %1 tokens; the model reads at most %2. Shorten it.":
        ("Der Prompt hat %1 Token; das Modell liest höchstens %2. Bitte kürzen.", "提示词有 %1 个词元；模型最多读取 %2 个。请缩短。"),
    "Choose the subject: select its tokens in the clean prompt.": ("Subjekt wählen: seine Token im sauberen Prompt markieren.", "选择主语：在干净提示词中选择其词元。"),
    "%1 needs a source: type a corrupted prompt.": ("%1 braucht eine Quelle: einen verfälschten Prompt eingeben.", "%1 需要源：请输入损坏提示词。"),
    "The prompts have %1 and %2 tokens; %3 needs the same number.":
        ("Die Prompts haben %1 und %2 Token; %3 braucht die gleiche Anzahl.", "提示词分别有 %1 和 %2 个词元；%3 需要相同数量。"),
    "Patch is disabled: %1": ("Patchen ist nicht möglich: %1", "无法修补：%1"),
    "Trace is disabled: %1": ("Tracen ist nicht möglich: %1", "无法追踪：%1"),
    "Run the intervention on the selected cells": ("Die Intervention in den gewählten Zellen ausführen", "对所选单元格运行干预"),
    "Patch: %1": ("Patchen: %1", "修补：%1"),
    "Trace: %1": ("Tracen: %1", "追踪：%1"),
    "The experiment asks for %1 noise samples; the workbench runs at most %2, so it will use %2.":
        ("Das Experiment verlangt %1 Rauschproben; die Werkbank führt höchstens %2 aus und verwendet daher %2.",
         "实验要求 %1 个噪声样本；工作台最多运行 %2 个，因此将使用 %2 个。"),
    "Cancelling…": ("Wird abgebrochen…", "正在取消…"),
    "Starting…": ("Startet…", "正在开始…"),
    "%1 / %2 cells · %3 elapsed · %4 left": ("%1 / %2 Zellen · %3 vergangen · %4 verbleibend", "%1 / %2 个单元格 · 已用 %3 · 剩余 %4"),
    "Cancelled after %1 of %2 cells (%3 s); the partial result is kept.":
        ("Abgebrochen nach %1 von %2 Zellen (%3 s); das Teilergebnis bleibt erhalten.", "在 %1 / %2 个单元格后取消（%3 秒）；保留部分结果。"),
    "Done: %1 cells in %2 s": ("Fertig: %1 Zellen in %2 s", "完成：%1 个单元格，用时 %2 秒"),
    "#%1 Difference %2": ("#%1 Differenz %2", "#%1 差值 %2"),
    " · %1": (SAME, SAME),
    " · running": (" · läuft", " · 运行中"),
    " · %1 cells, %2 s": (" · %1 Zellen, %2 s", " · %1 个单元格，%2 秒"),
    "Model: %1 (%2)": ("Modell: %1 (%2)", "模型：%1（%2）"),
    "Weights: %1": ("Gewichte: %1", "权重：%1"),
    "Starting the run…": ("Der Lauf startet…", "正在开始运行…"),
    "layer": ("Schicht", "层"),
    "head": ("Kopf", "头"),
    "token": ("Token", "词元"),
    "Choose cells for the next run (none = all): click, drag, Shift/Ctrl-click, or click a layer or token label":
        ("Zellen für den nächsten Lauf wählen (keine = alle): klicken, ziehen, mit Umschalt/Strg klicken oder eine Schicht- bzw. Token-Beschriftung anklicken",
         "为下一次运行选择单元格（不选 = 全部）：单击、拖动、Shift/Ctrl+单击，或单击层或词元标签"),
    "not computed yet": ("noch nicht berechnet", "尚未计算"),
    "Difference %1: %2": ("Differenz %1: %2", "差值 %1：%2"),
    "difference": ("Differenz", "差值"),
    "token (single restored layer per row)": ("Token (eine wiederhergestellte Schicht pro Zeile)", "词元（每行恢复单个层）"),
    "token (restoring %1 layers around each row)": ("Token (%1 Schichten um jede Zeile wiederhergestellt)", "词元（每行恢复其周围的 %1 个层）"),
    "normalised %1": ("%1 (normiert)", "%1（归一化）"),
    "Results #%1 and #%2 have maps of different shapes (%3×%4 and %5×%6); a difference needs the same grid.":
        ("Die Ergebnisse #%1 und #%2 haben Karten unterschiedlicher Form (%3×%4 und %5×%6); eine Differenz braucht dasselbe Raster.",
         "结果 #%1 和 #%2 的图形状不同（%3×%4 与 %5×%6）；差值需要相同的网格。"),
    "Nothing to compare.": ("Nichts zu vergleichen.", "没有可比较的内容。"),
    "A difference map has no run of its own; click a cell of one of the two results.":
        ("Eine Differenzkarte hat keinen eigenen Lauf; eine Zelle eines der beiden Ergebnisse anklicken.", "差值图没有自己的运行；请单击两个结果之一中的单元格。"),
    "Open the experiment's model to see predictions.": ("Das Modell des Experiments öffnen, um Vorhersagen zu sehen.", "打开该实验的模型以查看预测。"),
    "Computed on another model": ("Mit einem anderen Modell berechnet", "在另一个模型上计算"),
    "%1 <a href=\"reopen:%2\">Reopen %3</a> to see this cell's predictions.":
        ("%1 <a href=\"reopen:%2\">%3 erneut öffnen</a>, um die Vorhersagen dieser Zelle zu sehen.", "%1 <a href=\"reopen:%2\">重新打开 %3</a>以查看此单元格的预测。"),
    "Computing layer %1, %2 %3 “%4”…": ("Berechne Schicht %1, %2 %3 „%4“…", "正在计算第 %1 层，%2 %3“%4”…"),
    "Clean": ("Sauber", "干净"),
    "Corrupted": ("Verfälscht", "损坏"),
    "Base: %1": ("Basis: %1", "基础：%1"),
    "Source: %1": ("Quelle: %1", "源：%1"),
    "Intervened": ("Mit Eingriff", "干预后"),
    "%1 on %n cell(s) in %2 s.": (["%1 an %n Zelle in %2 s.", "%1 an %n Zellen in %2 s."], ["%1 作用于 %n 个单元格，用时 %2 秒。"]),
    "Running %1…": ("%1 läuft…", "正在运行 %1…"),
    "another model": ("einem anderen Modell", "另一个模型"),
    "Result computed on %1; no model is open.": ("Ergebnis mit %1 berechnet; kein Modell ist geöffnet.", "结果是在 %1 上计算的；当前未打开模型。"),
    "This result was computed on %1, not on the open model %2.":
        ("Dieses Ergebnis wurde mit %1 berechnet, nicht mit dem geöffneten Modell %2.", "此结果是在 %1 上计算的，而不是在当前打开的模型 %2 上。"),
    "token #%1": ("Token #%1", "词元 #%1"),
    "head %1": ("Kopf %1", "头 %1"),
    "“%1” (%2)": ("„%1“ (%2)", "“%1”（%2）"),
    "layer %1 · %2 · %3": ("Schicht %1 · %2 · %3", "第 %1 层 · %2 · %3"),
    "Model: %1": ("Modell: %1", "模型：%1"),
    "Prompt: %1": ("Prompt: %1", "提示词：%1"),
    "Subject: %1 · answer: %2": ("Subjekt: %1 · Antwort: %2", "主语：%1 · 答案：%2"),
    "Clean: %1": ("Sauber: %1", "干净：%1"),
    "Corrupted: %1": ("Verfälscht: %1", "损坏：%1"),
    "Answers: %1 (correct) / %2 (incorrect)": ("Antworten: %1 (richtig) / %2 (falsch)", "答案：%1（正确）/ %2（错误）"),
    "Select cells": ("Zellen wählen", "选择单元格"),
    "Remove %n result(s)": (["%n Ergebnis entfernen", "%n Ergebnisse entfernen"], ["移除 %n 个结果"]),
    "Click": ("Klick", "单击"),
    "Select a cell and show its predictions": ("Eine Zelle wählen und ihre Vorhersagen zeigen", "选择单元格并显示其预测"),
    "Ctrl+Click": ("Strg+Klick", "Ctrl+单击"),
    "Add or remove a cell": ("Eine Zelle hinzufügen oder entfernen", "添加或移除单元格"),
    "Shift+Click": ("Umschalt+Klick", "Shift+单击"),
    "Select the rectangle from the last cell": ("Das Rechteck ab der letzten Zelle wählen", "选择从上一个单元格起的矩形"),
    "Drag": ("Ziehen", "拖动"),
    "Select a rectangle": ("Ein Rechteck wählen", "选择矩形"),
    "Click a layer or token label": ("Schicht- oder Token-Beschriftung anklicken", "单击层或词元标签"),
    "Select the whole row or column": ("Die ganze Zeile oder Spalte wählen", "选择整行或整列"),
    "Arrow keys": ("Pfeiltasten", "方向键"),
    "Move the current cell (Shift extends the selection)": ("Die aktuelle Zelle bewegen (Umschalt erweitert die Auswahl)", "移动当前单元格（Shift 扩展选择）"),
    "Keyboard Shortcuts": ("Tastenkürzel", "键盘快捷键"),
    "The user guide is not installed; see docs/workbench.md in Causeway's sources.":
        ("Das Benutzerhandbuch ist nicht installiert; siehe docs/workbench.md in den Quellen von Causeway.", "用户指南未安装；请参阅 Causeway 源代码中的 docs/workbench.md。"),
    "Unsaved results": ("Ungespeicherte Ergebnisse", "未保存的结果"),
    "The results of this session are not saved. Save them as an experiment file first?":
        ("Die Ergebnisse dieser Sitzung sind nicht gespeichert. Zuerst als Experimentdatei speichern?", "本次会话的结果尚未保存。要先将其保存为实验文件吗？"),
    "Open Experiment": ("Experiment öffnen", "打开实验"),
    "Experiments (*.json);;All files (*)": ("Experimente (*.json);;Alle Dateien (*)", "实验 (*.json);;所有文件 (*)"),
    "Could not open the experiment %1:\n%2": ("Das Experiment %1 konnte nicht geöffnet werden:\n%2", "无法打开实验 %1：\n%2"),
    "Opened %1 (%n result(s))": (["%1 geöffnet (%n Ergebnis)", "%1 geöffnet (%n Ergebnisse)"], ["已打开 %1（%n 个结果）"]),
    "Saved %1": ("%1 gespeichert", "已保存 %1"),
    "Save Experiment": ("Experiment speichern", "保存实验"),
    "experiment.causeway.json": (SAME, SAME),
    "Causeway experiments (*.causeway.json);;Experiments (*.json)":
        ("Causeway-Experimente (*.causeway.json);;Experimente (*.json)", "Causeway 实验 (*.causeway.json);;实验 (*.json)"),
    "There is no heatmap to export yet.": ("Es gibt noch keine Heatmap zum Exportieren.", "尚无可导出的热力图。"),
    "Export Heatmap": ("Heatmap exportieren", "导出热力图"),
    "PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)":
        ("PNG-Bild (*.png);;SVG-Zeichnung (*.svg);;PDF-Dokument (*.pdf)", "PNG 图像 (*.png);;SVG 矢量图 (*.svg);;PDF 文档 (*.pdf)"),
    "Export Heatmap Data": ("Heatmap-Daten exportieren", "导出热力图数据"),
    "CSV (*.csv)": (SAME, SAME),
    "Export Normalised Heatmap Data": ("Normierte Heatmap-Daten exportieren", "导出归一化热力图数据"),
    "Wrote %1": ("%1 geschrieben", "已写入 %1"),
    "There is no result to export yet.": ("Es gibt noch kein Ergebnis zum Exportieren.", "尚无可导出的结果。"),
    "Export Result": ("Ergebnis exportieren", "导出结果"),
    "results.json": (SAME, SAME),
    "JSON (*.json)": (SAME, SAME),
    "Cannot export a pyvene script: %1": ("pyvene-Skript kann nicht exportiert werden: %1", "无法导出 pyvene 脚本：%1"),
    "Export pyvene Script": ("pyvene-Skript exportieren", "导出 pyvene 脚本"),
    "experiment.py": (SAME, SAME),
    "Python (*.py)": (SAME, SAME),
    "Wrote the pyvene config to %1": ("pyvene-Konfiguration nach %1 geschrieben", "已将 pyvene 配置写入 %1"),
    "Cannot export the pyvene config: %1": ("pyvene-Konfiguration kann nicht exportiert werden: %1", "无法导出 pyvene 配置：%1"),
    # PreferencesDialog
    "Preferences": ("Einstellungen", "首选项"),
    "all cores": ("alle Kerne", "全部核心"),
    "Logit difference": ("Logit-Differenz", "logit 差"),
    "Probability": ("Wahrscheinlichkeit", "概率"),
    "Log-probability": ("Log-Wahrscheinlichkeit", "对数概率"),
    "KL divergence": ("KL-Divergenz", "KL 散度"),
    "ROME's colours for causal tracing (purple, green, red)": ("ROME-Farben für Causal Tracing (violett, grün, rot)", "因果追踪使用 ROME 的配色（紫、绿、红）"),
    "System": ("System", "跟随系统"),
    "Light": ("Hell", "浅色"),
    "Dark": ("Dunkel", "深色"),
    "System language": ("Systemsprache", "系统语言"),
    "Compute threads:": ("Rechen-Threads:", "计算线程："),
    "Default metric:": ("Standardmetrik:", "默认指标："),
    "Colour map, signed values:": ("Farbskala, Werte mit Vorzeichen:", "色图（有符号值）："),
    "Colour map, other values:": ("Farbskala, übrige Werte:", "色图（其他值）："),
    "Theme:": ("Farbschema:", "主题："),
    "Language:": ("Sprache:", "语言："),
    "A new language takes effect the next time Causeway starts.": ("Eine neue Sprache gilt ab dem nächsten Start von Causeway.", "新语言将在下次启动 Causeway 时生效。"),
    # SafeApplication, Session
    "an unknown error": ("ein unbekannter Fehler", "未知错误"),
    "Reading the weights": ("Gewichte werden gelesen", "正在读取权重"),
    "Reading the tokenizer": ("Tokenizer wird gelesen", "正在读取分词器"),
    "Fingerprinting the weights": ("Fingerabdruck der Gewichte wird berechnet", "正在计算权重指纹"),
    "none": ("keiner", "无"),
    # widgets
    "not computed": ("nicht berechnet", "未计算"),
    "%1 %2, %3 %4 “%5”\n%6: %7": ("%1 %2, %3 %4 „%5“\n%6: %7", "%1 %2，%3 %4“%5”\n%6：%7"),
    "row": ("Zeile", "行"),
    "column": ("Spalte", "列"),
    "value": ("Wert", "值"),
    "Next-token predictions": ("Vorhersagen des nächsten Tokens", "下一个词元的预测"),
    "“%1” %2%": ("„%1“ %2 %", "“%1” %2%"),
    "Token %1: “%2”": ("Token %1: „%2“", "词元 %1：“%2”"),
    # main: the command line (--help)
    "Causeway interpretability workbench": ("Causeway – Werkbank für Interpretierbarkeit", "Causeway 可解释性工作台"),
    "A model folder or an experiment file (.json).": ("Ein Modellordner oder eine Experimentdatei (.json).", "模型文件夹或实验文件（.json）。"),
    "Start without opening the demo model.": ("Starten, ohne das Demo-Modell zu öffnen.", "启动时不打开演示模型。"),
    "light, dark or system.": ("light, dark oder system.", "light、dark 或 system。"),
    "Language for this run (%1); overrides the setting.":
        ("Sprache für diesen Start (%1); hat Vorrang vor der Einstellung.", "本次运行使用的语言（%1）；优先于设置。"),
    "Save the window as PNG and quit.": ("Das Fenster als PNG speichern und beenden.", "将窗口保存为 PNG 并退出。"),
    "Window size, WxH.": ("Fenstergröße, WxH.", "窗口大小，WxH。"),
    "Clean prompt.": ("Sauberer Prompt.", "干净提示词。"),
    "Corrupted prompt.": ("Verfälschter Prompt.", "损坏提示词。"),
    "Component to patch.": ("Zu patchende Komponente.", "要修补的组件。"),
    "Subject tokens BEGIN,END.": ("Subjekt-Token BEGIN,END.", "主语词元 BEGIN,END。"),
    "Select grid cells ROW0,COL0,ROW1,COL1.": ("Rasterzellen ROW0,COL0,ROW1,COL1 wählen.", "选择网格单元格 ROW0,COL0,ROW1,COL1。"),
    "Select grid cells ROW0,COL0,ROW1,COL1 before running (the sweep computes only those).":
        ("Rasterzellen ROW0,COL0,ROW1,COL1 vor dem Lauf wählen (der Sweep berechnet nur diese).", "运行前选择网格单元格 ROW0,COL0,ROW1,COL1（扫描只计算这些）。"),
    "patch, trace, or a kind from the Run menu by name (attention_patterns, logit_attribution, attribution_patching).":
        ("patch, trace oder eine Art aus dem Menü Ausführen beim Namen (attention_patterns, logit_attribution, attribution_patching).",
         "patch、trace，或按名称指定“运行”菜单中的一种实验（attention_patterns、logit_attribution、attribution_patching）。"),
    "Heatmap tab to show.": ("Anzuzeigender Heatmap-Reiter.", "要显示的热力图标签页。"),
    "Click heatmap cell ROW,COL.": ("Heatmap-Zelle ROW,COL anklicken.", "单击热力图单元格 ROW,COL。"),
    "Run the intervention panel (vanilla, addition, subtraction, zero, noise, skip, collect).":
        ("Das Interventionsfeld ausführen (vanilla, addition, subtraction, zero, noise, skip, collect).",
         "运行干预面板（vanilla、addition、subtraction、zero、noise、skip、collect）。"),
    "Run the patch twice more (second component) and show the difference.":
        ("Das Patching noch zweimal ausführen (zweite Komponente) und die Differenz zeigen.", "再运行两次修补（第二个组件）并显示差值。"),
    # Logit lens, the memory estimate and the kinds' view texts.
    "Logit lens: each layer's residual stream through the final norm and LM head":
        ("Logit Lens: der Residualstrom jeder Schicht durch die finale Norm und den LM-Kopf",
         "Logit Lens：每一层的残差流经过最终归一化和 LM 头"),
    "Logit lens": ("Logit Lens", "Logit Lens"),
    "Logit &Lens": ("Logit &Lens", "Logit Lens(&L)"),
    "Memory": ("Speicher", "内存"),
    "~%1 for a full-context sweep": ("~%1 für einen Sweep über den ganzen Kontext", "完整上下文扫描约需 %1"),
    "~%1 for a full-context sweep; %2 free": ("~%1 für einen Sweep über den ganzen Kontext; %2 frei",
                                              "完整上下文扫描约需 %1；可用 %2"),
    "Layer %1 read out": ("Schicht %1 ausgelesen", "第 %1 层读出"),
    "#%1 %2%": ("#%1 %2 %", "#%1 %2%"),
    "Layer %1 experts: %2": ("Experten in Schicht %1: %2", "第 %1 层专家：%2"),
    # A probed cell (the kinds' probe(), core/workbench)
    "Patched": ("Gepatcht", "修补后"),
    "Restored": ("Wiederhergestellt", "恢复后"),
    "p(answer) after restoring": ("p(Antwort) nach dem Wiederherstellen", "恢复后的 p(答案)"),
    "averaged over %1 noised copies": ("gemittelt über %1 verrauschte Kopien", "对 %1 个加噪副本取平均"),
    "rank of the answer": ("Rang der Antwort", "答案的排名"),
    "p(answer)": ("p(Antwort)", "p(答案)"),
    "through the final norm and the LM head": ("durch die letzte Norm und den LM-Kopf", "经过最终归一化和语言模型头"),
    "%1 %2": (SAME, SAME),
    "%1: %2 (the heatmap shows %3)": ("%1: %2 (die Heatmap zeigt %3)", "%1：%2（热图显示 %3）"),
    "Bold: the answer tokens.": ("Fett: die Antwort-Tokens.", "粗体：答案词元。"),
    "#%1 %2": (SAME, SAME),
    # The experiment kinds' phrases (core speaks English; the GUI translates these formats).
    "Patch %1 · %2": ("Patching %1 · %2", "修补 %1 · %2"),
    "Trace · subject %1–%2": ("Trace · Subjekt %1–%2", "追踪 · 主语 %1–%2"),
    "Logit lens · %1": ("Logit Lens · %1", "Logit Lens · %1"),
    "Answer: %1": ("Antwort: %1", "答案：%1"),
    "Patching %1 (clean → corrupted)": ("Patching %1 (sauber → verfälscht)", "修补 %1（干净 → 损坏）"),
    "Patching %1 (corrupted → clean)": ("Patching %1 (verfälscht → sauber)", "修补 %1（损坏 → 干净）"),
    "rank of %1 (0 = top)": ("Rang von %1 (0 = oben)", "%1 的排名（0 = 最高）"),
    "logit difference": ("Logit-Differenz", "logit 差"),
    "probability of the answer": ("Wahrscheinlichkeit der Antwort", "答案的概率"),
    "log-probability of the answer": ("Log-Wahrscheinlichkeit der Antwort", "答案的对数概率"),
    "KL divergence from clean": ("KL-Divergenz zum sauberen Lauf", "相对干净运行的 KL 散度"),
    # Attention patterns, direct logit attribution, attribution patching (kind_panels_analysis.cpp).
    "Entropy (low = focused)": ("Entropie (niedrig = fokussiert)", "熵（低 = 集中）"),
    "Weight on the previous token": ("Gewicht auf dem vorigen Token", "对前一个词元的权重"),
    "Weight on the first token": ("Gewicht auf dem ersten Token", "对第一个词元的权重"),
    "Attention patterns: what colours each head on the grid of heads":
        ("Attention-Muster: was jeden Kopf im Raster der Köpfe einfärbt", "注意力模式：头网格中每个头的着色依据"),
    "every cell": ("jede Zelle", "所有单元格"),
    " cells": (" Zellen", " 个单元格"),
    "Attribution patching: how many of the cells with the largest estimated effect are then patched exactly, to measure the estimate (0 = none, lowest = every cell)":
        ("Attribution Patching: wie viele der Zellen mit dem größten geschätzten Effekt danach exakt gepatcht werden, um die Schätzung zu prüfen (0 = keine, kleinster Wert = jede Zelle)",
         "归因修补：随后对估计效应最大的多少个单元格做精确修补以检验估计（0 = 不做，最小值 = 所有单元格）"),
    "Heads coloured by:": ("Köpfe gefärbt nach:", "头的着色依据："),
    "AtP exact check:": ("AtP exakt prüfen:", "AtP 精确检验："),
    "&Attention Patterns": ("Attention-&Muster", "注意力模式(&A)"),
    "&Direct Logit Attribution": ("&Direkte Logit-Attribution", "直接 logit 归因(&D)"),
    "Attri&bution Patching (AtP)": ("Attri&bution Patching (AtP)", "归因修补 (AtP)(&B)"),
    "Query “%1” (%2) gives key “%3” (%4) the weight %5.":
        ("Query „%1“ (%2) gibt Key „%3“ (%4) das Gewicht %5.", "查询“%1”(%2) 给键“%3”(%4) 的权重为 %5。"),
    "Click a head on the Head grid tab to see another pattern":
        ("Einen Kopf im Reiter Kopfraster anklicken, um ein anderes Muster zu sehen", "在“头网格”标签页中单击一个头以查看其他模式"),
    "Layer %1, head %2: each row is a query token's attention over the key tokens; hover for the weights. The Pattern tab holds it for export.":
        ("Schicht %1, Kopf %2: jede Zeile ist die Attention eines Query-Tokens über die Key-Tokens; für die Gewichte darüberfahren. Der Reiter Muster hält es für den Export bereit.",
         "第 %1 层，第 %2 个头：每一行是一个查询词元对各键词元的注意力；悬停查看权重。“模式”标签页保存它以便导出。"),
    "Largest shares for “%1” (of the logit difference)":
        ("Größte Anteile für „%1“ (an der Logit-Differenz)", "对“%1”贡献最大的部分（占 logit 差的比例）"),
    "Largest shares for “%1”": ("Größte Anteile für „%1“", "对“%1”贡献最大的部分"),
    "Tokens it alone would predict": ("Tokens, die es allein vorhersagen würde", "仅凭它会预测的词元"),
    "through the final norm with its scale frozen": ("durch die finale Norm mit eingefrorener Skala", "经过尺度冻结的最终归一化"),
    "patched exactly": ("exakt gepatcht", "精确修补"),
    "patched exactly; the map shows AtP's estimate": ("exakt gepatcht; die Karte zeigt die AtP-Schätzung", "精确修补；热图显示的是 AtP 估计"),
    "Keys the last token attends to (layer %1, head %2)":
        ("Keys, auf die das letzte Token achtet (Schicht %1, Kopf %2)", "最后一个词元关注的键（第 %1 层，第 %2 个头）"),
    "%1 “%2” (%3) → %4 “%5” (%6)\n%7: %8": ("%1 „%2“ (%3) → %4 „%5“ (%6)\n%7: %8", "%1“%2”(%3) → %4“%5”(%6)\n%7：%8"),
    "Attention patterns · %1": ("Attention-Muster · %1", "注意力模式 · %1"),
    "entropy": ("Entropie", "熵"),
    "previous token": ("voriges Token", "前一个词元"),
    "first token": ("erstes Token", "第一个词元"),
    "Pattern shown: layer %1, head %2": ("Gezeigtes Muster: Schicht %1, Kopf %2", "显示的模式：第 %1 层，第 %2 个头"),
    "Attention pattern of layer %1, head %2: each query token's weights over the key tokens":
        ("Attention-Muster von Schicht %1, Kopf %2: die Gewichte jedes Query-Tokens über die Key-Tokens",
         "第 %1 层第 %2 个头的注意力模式：每个查询词元对各键词元的权重"),
    "Pattern": ("Muster", "模式"),
    "attention weight": ("Attention-Gewicht", "注意力权重"),
    "query token": ("Query-Token", "查询词元"),
    "key token": ("Key-Token", "键词元"),
    "Attention heads: mean entropy of each head's attention (low = focused); click a head for its pattern":
        ("Attention-Köpfe: mittlere Entropie der Attention jedes Kopfes (niedrig = fokussiert); einen Kopf für sein Muster anklicken",
         "注意力头：每个头注意力的平均熵（低 = 集中）；单击一个头查看其模式"),
    "entropy (nats)": ("Entropie (nats)", "熵（nats）"),
    "Attention heads: mean weight on the previous token; click a head for its pattern":
        ("Attention-Köpfe: mittleres Gewicht auf dem vorigen Token; einen Kopf für sein Muster anklicken",
         "注意力头：对前一个词元的平均权重；单击一个头查看其模式"),
    "weight on the previous token": ("Gewicht auf dem vorigen Token", "对前一个词元的权重"),
    "Attention heads: mean weight on the first token; click a head for its pattern":
        ("Attention-Köpfe: mittleres Gewicht auf dem ersten Token; einen Kopf für sein Muster anklicken",
         "注意力头：对第一个词元的平均权重；单击一个头查看其模式"),
    "weight on the first token": ("Gewicht auf dem ersten Token", "对第一个词元的权重"),
    "Head grid": ("Kopfraster", "头网格"),
    "Logit attribution · %1 vs %2": ("Logit-Attribution · %1 gegen %2", "logit 归因 · %1 对 %2"),
    "Embeddings %1 · final norm bias %2 · unembedding bias %3":
        ("Embeddings %1 · Bias der finalen Norm %2 · Unembedding-Bias %3", "嵌入 %1 · 最终归一化偏置 %2 · 反嵌入偏置 %3"),
    "All terms add up to %1; the model's logit difference is %2":
        ("Alle Terme zusammen ergeben %1; die Logit-Differenz des Modells ist %2", "所有项之和为 %1；模型的 logit 差为 %2"),
    "The model caps its logits (tanh), so the terms add up to the difference before the cap":
        ("Das Modell begrenzt seine Logits (tanh), daher ergeben die Terme die Differenz vor der Begrenzung",
         "模型对 logit 做了截断（tanh），因此各项之和是截断前的差值"),
    "share of logit(%1) − logit(%2)": ("Anteil an logit(%1) − logit(%2)", "对 logit(%1) − logit(%2) 的贡献"),
    "Direct logit attribution per layer: attention (all heads and the output bias) and MLP":
        ("Direkte Logit-Attribution je Schicht: Attention (alle Köpfe und der Ausgabe-Bias) und MLP",
         "按层的直接 logit 归因：注意力（所有头及输出偏置）与 MLP"),
    "Per layer": ("Je Schicht", "按层"),
    "component": ("Komponente", "组件"),
    "Direct logit attribution per head: each head's output through the final norm and the unembedding":
        ("Direkte Logit-Attribution je Kopf: die Ausgabe jedes Kopfes durch die finale Norm und das Unembedding",
         "按头的直接 logit 归因：每个头的输出经过最终归一化和反嵌入"),
    "Per head": ("Je Kopf", "按头"),
    "AtP %1 · %2": (SAME, SAME),
    "%1: AtP against exact patching on %2 cells: Pearson %3, Spearman %4":
        ("%1: AtP gegen exaktes Patching auf %2 Zellen: Pearson %3, Spearman %4",
         "%1：AtP 与精确修补在 %2 个单元格上的对比：Pearson %3，Spearman %4"),
    "AtP estimate %1 s, exact patching %2 s": ("AtP-Schätzung %1 s, exaktes Patching %2 s", "AtP 估计 %1 秒，精确修补 %2 秒"),
    "Exact patching of %1 on the cells AtP ranks highest":
        ("Exaktes Patching von %1 auf den Zellen, die AtP am höchsten einstuft", "对 AtP 排名最高的单元格精确修补 %1"),
    "Exact %1": ("Exakt %1", "精确 %1"),
    "AtP estimate of patching %1 (clean → corrupted)": ("AtP-Schätzung des Patchings von %1 (sauber → verfälscht)", "修补 %1 的 AtP 估计（干净 → 损坏）"),
    "AtP estimate of patching %1 (corrupted → clean)": ("AtP-Schätzung des Patchings von %1 (verfälscht → sauber)", "修补 %1 的 AtP 估计（损坏 → 干净）"),
    "AtP %1": (SAME, SAME),
    # No lost work (issue 16): partial results, autosave and restore, write errors.
    "cancelled after %1 of %2 cells": ("abgebrochen nach %1 von %2 Zellen", "在 %2 个单元格中完成 %1 个后取消"),
    "failed after %1 of %2 cells": ("fehlgeschlagen nach %1 von %2 Zellen", "在 %2 个单元格中完成 %1 个后失败"),
    "interrupted after %1 of %2 cells": ("unterbrochen nach %1 von %2 Zellen", "在 %2 个单元格中完成 %1 个后中断"),
    "Cancelled before any cell was computed.": ("Abgebrochen, bevor eine Zelle berechnet war.", "在计算任何单元格之前已取消。"),
    "The run failed after %1 of %2 cells: %3\nThe cells computed so far are kept in the results list.":
        ("Der Lauf ist nach %1 von %2 Zellen fehlgeschlagen: %3\nDie bis dahin berechneten Zellen bleiben in der Ergebnisliste erhalten.",
         "运行在 %2 个单元格中完成 %1 个后失败：%3\n已计算的单元格保留在结果列表中。"),
    "Stopped: %1": ("Angehalten: %1", "已停止：%1"),
    "Partial result: %1.": ("Teilergebnis: %1.", "部分结果：%1。"),
    "Could not draw the heatmap as %1.": ("Die Heatmap konnte nicht als %1 gezeichnet werden.", "无法将热图绘制为 %1。"),
    "Cannot lock the autosave folder %1.": ("Der Ordner für die automatische Sicherung %1 lässt sich nicht sperren.", "无法锁定自动保存文件夹 %1。"),
    "Autosave failed: %1": ("Automatische Sicherung fehlgeschlagen: %1", "自动保存失败：%1"),
    "Causeway did not quit normally last time. Its open experiment and %n result(s) were autosaved at %1.":
        (["Causeway wurde beim letzten Mal nicht normal beendet. Das offene Experiment und %n Ergebnis wurden um %1 automatisch gesichert.",
          "Causeway wurde beim letzten Mal nicht normal beendet. Das offene Experiment und %n Ergebnisse wurden um %1 automatisch gesichert."],
         ["Causeway 上次没有正常退出。打开的实验和 %n 个结果已于 %1 自动保存。"]),
    "A run was going on; its cells computed so far are kept, marked as interrupted.":
        ("Ein Lauf war im Gange; seine bis dahin berechneten Zellen sind erhalten und als unterbrochen markiert.",
         "当时有一个运行正在进行；其已计算的单元格会保留，并标记为已中断。"),
    "Restored the autosaved experiment and %n result(s).":
        (["Das automatisch gesicherte Experiment und %n Ergebnis wurden wiederhergestellt.",
          "Das automatisch gesicherte Experiment und %n Ergebnisse wurden wiederhergestellt."],
         ["已恢复自动保存的实验和 %n 个结果。"]),
    "Restore Unsaved Work": ("Ungesicherte Arbeit wiederherstellen", "恢复未保存的工作"),
    "Restore": ("Wiederherstellen", "恢复"),
    "Not Now": ("Nicht jetzt", "以后再说"),
    "The autosave could not be read: %1": ("Die automatische Sicherung ließ sich nicht lesen: %1", "无法读取自动保存：%1"),
    "After a crash: ask, yes or no to restoring the autosaved work (default: ask).":
        ("Nach einem Absturz: ask, yes oder no zum Wiederherstellen der automatisch gesicherten Arbeit (Standard: ask).",
         "崩溃之后：是否恢复自动保存的工作，ask、yes 或 no（默认：ask）。"),
}

PLACEHOLDER = re.compile(r"%(?:\d+|n)")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def check(source, text, lang):
    problems = []
    if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
        problems.append("placeholders differ")
    if sorted(TAG.findall(source)) != sorted(TAG.findall(text)):
        problems.append("HTML tags differ")
    if source.replace("&&", "").count("&") != text.replace("&&", "").count("&"):
        problems.append("accelerator '&' count differs")
    if problems:
        sys.exit(f"{lang}: {source!r} -> {text!r}: {', '.join(problems)}")


def fill(path, lang_index, lang):
    tree = ET.parse(path)
    used = set()
    missing = []
    for message in tree.getroot().iter("message"):
        source = message.find("source").text
        translation = message.find("translation")
        if source not in T:
            missing.append(source)
            continue
        used.add(source)
        value = T[source][lang_index]
        if value is SAME:
            value = source
        if message.get("numerus") == "yes":
            if not isinstance(value, list):
                sys.exit(f"{lang}: {source!r} needs plural forms")
            for form in list(translation):
                translation.remove(form)
            translation.text = None
            for i, form in enumerate(value):
                check(source, form, lang)
                element = ET.SubElement(translation, "numerusform")
                element.text = form
                element.tail = "\n            " if i + 1 < len(value) else "\n        "
            translation.text = "\n            "
        else:
            if isinstance(value, list):
                sys.exit(f"{lang}: {source!r} is not a plural message")
            check(source, value, lang)
            translation.text = value
        translation.attrib.pop("type", None)
    if missing:
        sys.exit(f"{path.name}: no translation for:\n  " + "\n  ".join(repr(m) for m in missing))
    tree.write(path, encoding="utf-8", xml_declaration=True)
    # ElementTree drops the DOCTYPE line that lupdate writes; put it back.
    text = path.read_text(encoding="utf-8").replace("<?xml version='1.0' encoding='utf-8'?>",
                                                     '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>', 1)
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    return used


def lupdate():
    """Merges the sources into the .ts files, as `cmake --build BUILD --target update_translations`."""
    tool = shutil.which("lupdate", path="/usr/lib/qt6/bin:/usr/lib/qt6/libexec:" + os.environ.get("PATH", ""))
    if not tool:
        sys.exit("no lupdate (Debian: qt6-l10n-tools)")
    root = HERE.parent
    sources = sorted(str(p) for pattern in ("app/gui/*.cpp", "widgets/*.cpp") for p in root.glob(pattern))
    subprocess.run([tool, "-silent", "-no-obsolete", "-locations", "relative", *sources, "-ts",
                    str(HERE / "causeway_de.ts"), str(HERE / "causeway_zh_CN.ts")], check=True)


if __name__ == "__main__":
    lupdate()  # new source texts in, vanished ones out
    used = fill(HERE / "causeway_de.ts", 0, "de") | fill(HERE / "causeway_zh_CN.ts", 1, "zh_CN")
    lupdate()  # lupdate's own formatting again
    unused = set(T) - used
    if unused:
        print("note: table entries no source uses any more:\n  " + "\n  ".join(repr(u) for u in sorted(unused)))
