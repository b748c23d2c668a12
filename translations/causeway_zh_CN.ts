<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ExperimentKinds</name>
    <message>
        <location filename="../app/gui/kind_text.cpp" line="+14"/>
        <source>Impact of restoring the hidden state after noising the subject</source>
        <translation>对主语加噪后恢复隐藏状态的影响</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Impact of restoring the MLP output after noising the subject</source>
        <translation>对主语加噪后恢复 MLP 输出的影响</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Impact of restoring the attention output after noising the subject</source>
        <translation>对主语加噪后恢复注意力输出的影响</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hidden states</source>
        <translation>隐藏状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>MLP</source>
        <translation>MLP</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attention</source>
        <translation>注意力</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>token</source>
        <translation>词元</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>head</source>
        <translation>头</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>token (single restored layer per row)</source>
        <translation>词元（每行恢复单个层）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Logit lens: each layer&apos;s residual stream through the final norm and LM head</source>
        <translation>Logit Lens：每一层的残差流经过最终归一化和 LM 头</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Logit lens</source>
        <translation>Logit Lens</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Patch %1 · %2</source>
        <translation>修补 %1 · %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trace · subject %1–%2</source>
        <translation>追踪 · 主语 %1–%2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Logit lens · %1</source>
        <translation>Logit Lens · %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clean: %1</source>
        <translation>干净：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Corrupted: %1</source>
        <translation>损坏：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answers: %1 (correct) / %2 (incorrect)</source>
        <translation>答案：%1（正确）/ %2（错误）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompt: %1</source>
        <translation>提示词：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answer: %1</source>
        <translation>答案：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Subject: %1 · answer: %2</source>
        <translation>主语：%1 · 答案：%2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Patching %1 (clean → corrupted)</source>
        <translation>修补 %1（干净 → 损坏）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Patching %1 (corrupted → clean)</source>
        <translation>修补 %1（损坏 → 干净）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>normalised %1</source>
        <translation>%1（归一化）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>rank of %1 (0 = top)</source>
        <translation>%1 的排名（0 = 最高）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>token (restoring %1 layers around each row)</source>
        <translation>词元（每行恢复其周围的 %1 个层）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>logit difference</source>
        <translation>logit 差</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>probability of the answer</source>
        <translation>答案的概率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>log-probability of the answer</source>
        <translation>答案的对数概率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>KL divergence from clean</source>
        <translation>相对干净运行的 KL 散度</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Clean</source>
        <translation>干净</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Corrupted</source>
        <translation>损坏</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Patched</source>
        <translation>修补后</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Noised</source>
        <translation>加噪后</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Restored</source>
        <translation>恢复后</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Layer %1 read out</source>
        <translation>第 %1 层读出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>p(answer) after restoring</source>
        <translation>恢复后的 p(答案)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>averaged over %1 noised copies</source>
        <translation>对 %1 个加噪副本取平均</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>rank of the answer</source>
        <translation>答案的排名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>p(answer)</source>
        <translation>p(答案)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>through the final norm and the LM head</source>
        <translation>经过最终归一化和语言模型头</translation>
    </message>
    <message>
        <location filename="../app/gui/kind_panels_analysis.cpp" line="+29"/>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attention patterns · %1</source>
        <translation>注意力模式 · %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>entropy</source>
        <translation>熵</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>previous token</source>
        <translation>前一个词元</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>first token</source>
        <translation>第一个词元</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pattern shown: layer %1, head %2</source>
        <translation>显示的模式：第 %1 层，第 %2 个头</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attention pattern of layer %1, head %2: each query token&apos;s weights over the key tokens</source>
        <translation>第 %1 层第 %2 个头的注意力模式：每个查询词元对各键词元的权重</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pattern</source>
        <translation>模式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>attention weight</source>
        <translation>注意力权重</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>query token</source>
        <translation>查询词元</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>key token</source>
        <translation>键词元</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attention heads: mean entropy of each head&apos;s attention (low = focused); click a head for its pattern</source>
        <translation>注意力头：每个头注意力的平均熵（低 = 集中）；单击一个头查看其模式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>entropy (nats)</source>
        <translation>熵（nats）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attention heads: mean weight on the previous token; click a head for its pattern</source>
        <translation>注意力头：对前一个词元的平均权重；单击一个头查看其模式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>weight on the previous token</source>
        <translation>对前一个词元的权重</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attention heads: mean weight on the first token; click a head for its pattern</source>
        <translation>注意力头：对第一个词元的平均权重；单击一个头查看其模式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>weight on the first token</source>
        <translation>对第一个词元的权重</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Head grid</source>
        <translation>头网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Logit attribution · %1 vs %2</source>
        <translation>logit 归因 · %1 对 %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Embeddings %1 · final norm bias %2 · unembedding bias %3</source>
        <translation>嵌入 %1 · 最终归一化偏置 %2 · 反嵌入偏置 %3</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All terms add up to %1; the model&apos;s logit difference is %2</source>
        <translation>所有项之和为 %1；模型的 logit 差为 %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The model caps its logits (tanh), so the terms add up to the difference before the cap</source>
        <translation>模型对 logit 做了截断（tanh），因此各项之和是截断前的差值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>share of logit(%1) − logit(%2)</source>
        <translation>对 logit(%1) − logit(%2) 的贡献</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Direct logit attribution per layer: attention (all heads and the output bias) and MLP</source>
        <translation>按层的直接 logit 归因：注意力（所有头及输出偏置）与 MLP</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Per layer</source>
        <translation>按层</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>component</source>
        <translation>组件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Direct logit attribution per head: each head&apos;s output through the final norm and the unembedding</source>
        <translation>按头的直接 logit 归因：每个头的输出经过最终归一化和反嵌入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Per head</source>
        <translation>按头</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AtP %1 · %2</source>
        <translation>AtP %1 · %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: AtP against exact patching on %2 cells: Pearson %3, Spearman %4</source>
        <translation>%1：AtP 与精确修补在 %2 个单元格上的对比：Pearson %3，Spearman %4</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AtP estimate %1 s, exact patching %2 s</source>
        <translation>AtP 估计 %1 秒，精确修补 %2 秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exact patching of %1 on the cells AtP ranks highest</source>
        <translation>对 AtP 排名最高的单元格精确修补 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exact %1</source>
        <translation>精确 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AtP estimate of patching %1 (clean → corrupted)</source>
        <translation>修补 %1 的 AtP 估计（干净 → 损坏）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AtP estimate of patching %1 (corrupted → clean)</source>
        <translation>修补 %1 的 AtP 估计（损坏 → 干净）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AtP %1</source>
        <translation>AtP %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Largest shares for “%1” (of the logit difference)</source>
        <translation>对“%1”贡献最大的部分（占 logit 差的比例）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Largest shares for “%1”</source>
        <translation>对“%1”贡献最大的部分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tokens it alone would predict</source>
        <translation>仅凭它会预测的词元</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>through the final norm with its scale frozen</source>
        <translation>经过尺度冻结的最终归一化</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>patched exactly</source>
        <translation>精确修补</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>patched exactly; the map shows AtP&apos;s estimate</source>
        <translation>精确修补；热图显示的是 AtP 估计</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keys the last token attends to (layer %1, head %2)</source>
        <translation>最后一个词元关注的键（第 %1 层，第 %2 个头）</translation>
    </message>
</context>
<context>
    <name>RunOutcome</name>
    <message>
        <location filename="../app/gui/runoutcome.cpp" line="+11"/>
        <source>cancelled after %1 of %2 cells</source>
        <translation>在 %2 个单元格中完成 %1 个后取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed after %1 of %2 cells</source>
        <translation>在 %2 个单元格中完成 %1 个后失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>interrupted after %1 of %2 cells</source>
        <translation>在 %2 个单元格中完成 %1 个后中断</translation>
    </message>
</context>
<context>
    <name>causeway::app::Autosave</name>
    <message>
        <location filename="../app/gui/autosave.cpp" line="+197"/>
        <source>Cannot lock the autosave folder %1.</source>
        <translation>无法锁定自动保存文件夹 %1。</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Autosave failed: %1</source>
        <translation>自动保存失败：%1</translation>
    </message>
    <message numerus="yes">
        <location line="+62"/>
        <source>Causeway did not quit normally last time. Its open experiment and %n result(s) were autosaved at %1.</source>
        <translation>
            <numerusform>Causeway 上次没有正常退出。打开的实验和 %n 个结果已于 %1 自动保存。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A run was going on; its cells computed so far are kept, marked as interrupted.</source>
        <translation>当时有一个运行正在进行；其已计算的单元格会保留，并标记为已中断。</translation>
    </message>
    <message numerus="yes">
        <location line="+45"/>
        <source>Restored the autosaved experiment and %n result(s).</source>
        <translation>
            <numerusform>已恢复自动保存的实验和 %n 个结果。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+21"/>
        <location line="+14"/>
        <source>Restore Unsaved Work</source>
        <translation>恢复未保存的工作</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not Now</source>
        <translation>以后再说</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The autosave could not be read: %1</source>
        <translation>无法读取自动保存：%1</translation>
    </message>
</context>
<context>
    <name>causeway::app::GridPanel</name>
    <message>
        <location filename="../app/gui/grid_panel.cpp" line="+35"/>
        <source>&amp;Component:</source>
        <translation>组件(&amp;C)：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The site patched: a component at each (layer, token), or per head for head components</source>
        <translation>修补位置：每个（层，词元）处的一个组件；对注意力头组件则按头修补</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Clear Selection</source>
        <translation>清除选择</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Normalised</source>
        <translation>归一化</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Patching: 0 = corrupted baseline, 1 = clean baseline</source>
        <translation>修补：0 = 损坏基线，1 = 干净基线</translation>
    </message>
    <message>
        <location line="+113"/>
        <source>Select cells</source>
        <translation>选择单元格</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Type a prompt to fill the grid.</source>
        <translation>输入提示词以填充网格。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No cells selected: a sweep computes all %1 cells. Click or drag on the map to choose.</source>
        <translation>未选择单元格：扫描将计算全部 %1 个单元格。在图上单击或拖动进行选择。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 of %2 cells selected: a sweep computes these; Intervene patches them.</source>
        <translation>已选择 %1 / %2 个单元格：扫描只计算这些；“干预”会修补它们。</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Starting the run…</source>
        <translation>正在开始运行…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Type a prompt: its tokens and the model&apos;s layers make the grid.</source>
        <translation>输入提示词：其词元与模型的层构成网格。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next run</source>
        <translation>下一次运行</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+19"/>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <location line="-18"/>
        <location line="+20"/>
        <source>head</source>
        <translation>头</translation>
    </message>
    <message>
        <location line="-20"/>
        <location line="+20"/>
        <source>token</source>
        <translation>词元</translation>
    </message>
    <message>
        <location line="-19"/>
        <source>Choose cells for the next run (none = all): click, drag, Shift/Ctrl-click, or click a layer or token label</source>
        <translation>为下一次运行选择单元格（不选 = 全部）：单击、拖动、Shift/Ctrl+单击，或单击层或词元标签</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not computed yet</source>
        <translation>尚未计算</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Difference %1: %2</source>
        <translation>差值 %1：%2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>difference</source>
        <translation>差值</translation>
    </message>
</context>
<context>
    <name>causeway::app::InterventionPanel</name>
    <message>
        <location filename="../app/gui/intervention_panel.cpp" line="+22"/>
        <source>Replace the cells with the source run&apos;s values.</source>
        <translation>用源运行的值替换这些单元格。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add the source run&apos;s values to the cells.</source>
        <translation>将源运行的值加到这些单元格上。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Subtract the source run&apos;s values from the cells.</source>
        <translation>从这些单元格中减去源运行的值。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set the cells to zero.</source>
        <translation>将这些单元格置零。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add pyvene&apos;s fixed Gaussian noise (level 0.135) to the cells.</source>
        <translation>向这些单元格加入 pyvene 的固定高斯噪声（强度 0.135）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replace the component&apos;s output with its input at the cells, as if it were skipped there.</source>
        <translation>在这些单元格处用组件的输入替换其输出，如同跳过该组件。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Read the cells&apos; activations without changing the run; save them as safetensors.</source>
        <translation>读取这些单元格的激活而不改变运行；可保存为 safetensors。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Intervention:</source>
        <translation>干预：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>pyvene&apos;s interchange_dim: act on the first N dimensions of each cell only</source>
        <translation>pyvene 的 interchange_dim：只作用于每个单元格的前 N 个维度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dimensions:</source>
        <translation>维度：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>no generation</source>
        <translation>不生成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> tokens</source>
        <translation> 个词元</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Generate:</source>
        <translation>生成：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Intervene on Selected Cells</source>
        <translation>干预所选单元格</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Load pyvene Folder…</source>
        <translation>加载 pyvene 文件夹…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run an intervention saved by pyvene&apos;s IntervenableModel.save() (trained ones included) on the selected cells</source>
        <translation>在所选单元格上运行由 pyvene 的 IntervenableModel.save() 保存的干预（包括已训练的）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save pyvene Folder</source>
        <translation>保存 pyvene 文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save this intervention on the selected cells as pyvene&apos;s save() writes it</source>
        <translation>按 pyvene 的 save() 格式保存所选单元格上的此干预</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>For pyvene %1…</source>
        <translation>用于 pyvene %1…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Save Collected Activations…</source>
        <translation>保存收集的激活…</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>From %1 (%2)</source>
        <translation>来自 %1（%2）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 on %2 at layer(s) %3, loaded from %4</source>
        <translation>%1，作用于 %2，第 %3 层，加载自 %4</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>%1 on %2 at layer(s) %3, with the weights saved in the folder.%4</source>
        <translation>%1，作用于 %2，第 %3 层，使用文件夹中保存的权重。%4</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> Takes its source from the other prompt.</source>
        <translation> 其源取自另一个提示词。</translation>
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
        <translation>正在打开模型…</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Something went wrong inside Causeway: %1
Nothing was lost; the results and panels are as they were. Please report this message.</source>
        <translation>Causeway 内部出错：%1
没有丢失任何内容；结果和面板均保持原样。请报告此消息。</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Prompts and run</source>
        <translation>提示词与运行</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Intervene</source>
        <translation>干预</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop the run; the cells done so far are kept (Esc)</source>
        <translation>停止运行；已完成的单元格会保留（Esc）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>No model open</source>
        <translation>未打开模型</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Open a HuggingFace model folder (config.json, safetensors weights and tokenizer files)
with File ▸ Open Model Folder (Ctrl+O), or drop the folder onto this window.</source>
        <translation>通过“文件 ▸ 打开模型文件夹”（Ctrl+O）打开 HuggingFace 模型文件夹（config.json、safetensors 权重和分词器文件），
或将文件夹拖放到此窗口。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Open a Model Folder…</source>
        <translation>打开模型文件夹…</translation>
    </message>
    <message>
        <location line="+135"/>
        <source>Activation patching over the selected cells (all when none are selected)</source>
        <translation>对所选单元格进行激活修补（未选择时为全部单元格）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ROME causal tracing of the clean prompt, noising the subject</source>
        <translation>对干净提示词进行 ROME 因果追踪，对主语加噪</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow_actions.cpp" line="+42"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Open Model Folder…</source>
        <translation>打开模型文件夹(&amp;O)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open &amp;Recent Model</source>
        <translation>最近打开的模型(&amp;R)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open &amp;Experiment…</source>
        <translation>打开实验(&amp;E)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recent E&amp;xperiments</source>
        <translation>最近的实验(&amp;X)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E&amp;xamples</source>
        <translation>示例(&amp;M)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Save Experiment</source>
        <translation>保存实验(&amp;S)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save Experiment &amp;As…</source>
        <translation>实验另存为(&amp;A)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Export</source>
        <translation>导出(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Heatmap &amp;Image (PNG, SVG, PDF)…</source>
        <translation>热力图图像（PNG、SVG、PDF）(&amp;I)…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Heatmap &amp;Data (CSV)…</source>
        <translation>热力图数据（CSV）(&amp;D)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Result as &amp;JSON…</source>
        <translation>结果导出为 JSON(&amp;J)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;pyvene Script…</source>
        <translation>pyvene 脚本(&amp;P)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>pyvene &amp;Config of the Selected Cell…</source>
        <translation>所选单元格的 pyvene 配置(&amp;C)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+Y</source>
        <translation>Ctrl+Y</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Select &amp;All Cells</source>
        <translation>选择全部单元格(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+Shift+A</source>
        <translation>Ctrl+Shift+A</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Clear Cell Selection</source>
        <translation>清除单元格选择(&amp;C)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Patch</source>
        <translation>修补(&amp;P)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Trace</source>
        <translation>追踪(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+T</source>
        <translation>Ctrl+T</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Logit &amp;Lens</source>
        <translation>Logit Lens(&amp;L)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Intervene on Selected Cells</source>
        <translation>干预所选单元格(&amp;I)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Reset Layout</source>
        <translation>重置布局(&amp;R)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;User Guide</source>
        <translation>用户指南(&amp;U)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+/</source>
        <translation>Ctrl+/</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;About Causeway</source>
        <translation>关于 Causeway(&amp;A)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Clear List</source>
        <translation>清空列表</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>(none installed)</source>
        <translation>（未安装）</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>About Causeway</source>
        <translation>关于 Causeway</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;b&gt;Causeway %1&lt;/b&gt;&lt;p&gt;An interpretability workbench: activation patching, causal tracing and single interventions on transformer language models, with pyvene&apos;s semantics.&lt;/p&gt;</source>
        <translation>&lt;b&gt;Causeway %1&lt;/b&gt;&lt;p&gt;可解释性工作台：在 Transformer 语言模型上进行激活修补、因果追踪和单次干预，语义与 pyvene 一致。&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+123"/>
        <source>Open Model Folder</source>
        <translation>打开模型文件夹</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="-62"/>
        <source>%1 — Causeway</source>
        <translation>%1 — Causeway</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Opened %1: %2 layers, %3 parameters</source>
        <translation>已打开 %1：%2 层，%3 个参数</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Could not open %1:
%2</source>
        <translation>无法打开 %1：
%2</translation>
    </message>
    <message>
        <location filename="../app/gui/kind_panels.cpp" line="+49"/>
        <source>The subject “%1” does not occur in the clean prompt; select its tokens again.</source>
        <translation>主语“%1”未出现在干净提示词中；请重新选择其词元。</translation>
    </message>
    <message>
        <location line="-27"/>
        <location line="+20"/>
        <location line="+15"/>
        <location line="+13"/>
        <source>The model is still opening.</source>
        <translation>模型仍在打开中。</translation>
    </message>
    <message>
        <location line="-47"/>
        <location line="+20"/>
        <location line="+15"/>
        <location line="+13"/>
        <source>Open a model folder first.</source>
        <translation>请先打开模型文件夹。</translation>
    </message>
    <message>
        <location line="-47"/>
        <location line="+20"/>
        <location line="+15"/>
        <source>A run is in progress; cancel it or wait.</source>
        <translation>正在运行；请取消或等待。</translation>
    </message>
    <message>
        <location line="-34"/>
        <source>Type a clean and a corrupted prompt.</source>
        <translation>请输入干净提示词和损坏提示词。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The clean prompt has %1 tokens and the corrupted prompt %2; patching needs the same number. Reword one of them.</source>
        <translation>干净提示词有 %1 个词元，损坏提示词有 %2 个；修补需要相同数量。请改写其中一个。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The two prompts are the same; change the corrupted one.</source>
        <translation>两个提示词相同；请修改损坏提示词。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The prompts have %1 tokens; the model reads at most %2. Shorten them.</source>
        <translation>提示词有 %1 个词元；模型最多读取 %2 个。请缩短。</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+15"/>
        <location line="+12"/>
        <source>Type a clean prompt.</source>
        <translation>请输入干净提示词。</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>The prompt has %1 tokens; the model reads at most %2. Shorten it.</source>
        <translation>提示词有 %1 个词元；模型最多读取 %2 个。请缩短。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose the subject: select its tokens in the clean prompt.</source>
        <translation>选择主语：在干净提示词中选择其词元。</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Select the cells to intervene on: click or drag on the map.</source>
        <translation>选择要干预的单元格：在图上单击或拖动。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 needs a source: type a corrupted prompt.</source>
        <translation>%1 需要源：请输入损坏提示词。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The prompts have %1 and %2 tokens; %3 needs the same number.</source>
        <translation>提示词分别有 %1 和 %2 个词元；%3 需要相同数量。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 replaces a component&apos;s output with its input: pick block_output, attention_output or mlp_output.</source>
        <translation>%1 用组件的输入替换其输出：请选择 block_output、attention_output 或 mlp_output。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The loaded intervention acts on %1; pick that component.</source>
        <translation>加载的干预作用于 %1；请选择该组件。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The loaded intervention acts at layer(s) %1: select the cells there.</source>
        <translation>加载的干预作用于第 %1 层：请在那里选择单元格。</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="+49"/>
        <source>Patch is disabled: %1</source>
        <translation>无法修补：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trace is disabled: %1</source>
        <translation>无法追踪：%1</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>Run the intervention on the selected cells</source>
        <translation>对所选单元格运行干预</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Patch: %1</source>
        <translation>修补：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trace: %1</source>
        <translation>追踪：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/kind_panels.cpp" line="+84"/>
        <source>The experiment asks for %1 noise samples; the workbench runs at most %2, so it will use %2.</source>
        <translation>实验要求 %1 个噪声样本；工作台最多运行 %2 个，因此将使用 %2 个。</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="+43"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 / %2 cells · %3 elapsed · %4 left</source>
        <translation>%1 / %2 个单元格 · 已用 %3 · 剩余 %4</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Cancelled before any cell was computed.</source>
        <translation>在计算任何单元格之前已取消。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The run failed after %1 of %2 cells: %3
The cells computed so far are kept in the results list.</source>
        <translation>运行在 %2 个单元格中完成 %1 个后失败：%3
已计算的单元格保留在结果列表中。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancelled after %1 of %2 cells (%3 s); the partial result is kept.</source>
        <translation>在 %1 / %2 个单元格后取消（%3 秒）；保留部分结果。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Done: %1 cells in %2 s</source>
        <translation>完成：%1 个单元格，用时 %2 秒</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow_cells.cpp" line="+78"/>
        <source>Collected %1: %2 values, norm %3.</source>
        <translation>已收集 %1：%2 个值，范数 %3。</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow_actions.cpp" line="+146"/>
        <source>Could not draw the heatmap as %1.</source>
        <translation>无法将热图绘制为 %1。</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="-218"/>
        <source>Source-taking interventions read the other prompt (by the direction); the others act on the clean prompt.</source>
        <translation>需要源的干预读取另一个提示词（取决于方向）；其余干预作用于干净提示词。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Load a pyvene Intervention Folder</source>
        <translation>加载 pyvene 干预文件夹</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save the Intervention as a pyvene Folder</source>
        <translation>将干预保存为 pyvene 文件夹</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>pyvene-intervention</source>
        <translation>pyvene-intervention</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save Collected Activations</source>
        <translation>保存收集的激活</translation>
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
        <location filename="../app/gui/mainwindow_cells.cpp" line="-21"/>
        <source>head</source>
        <translation>头</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>token</source>
        <translation>词元</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="+274"/>
        <source>Results #%1 and #%2 have maps of different shapes (%3×%4 and %5×%6); a difference needs the same grid.</source>
        <translation>结果 #%1 和 #%2 的图形状不同（%3×%4 与 %5×%6）；差值需要相同的网格。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Nothing to compare.</source>
        <translation>没有可比较的内容。</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow_cells.cpp" line="-20"/>
        <source>A difference map has no run of its own; click a cell of one of the two results.</source>
        <translation>差值图没有自己的运行；请单击两个结果之一中的单元格。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open the experiment&apos;s model to see predictions.</source>
        <translation>打开该实验的模型以查看预测。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Computed on another model</source>
        <translation>在另一个模型上计算</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 &lt;a href=&quot;reopen:%2&quot;&gt;Reopen %3&lt;/a&gt; to see this cell&apos;s predictions.</source>
        <translation>%1 &lt;a href=&quot;reopen:%2&quot;&gt;重新打开 %3&lt;/a&gt;以查看此单元格的预测。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Computing layer %1, %2 %3 “%4”…</source>
        <translation>正在计算第 %1 层，%2 %3“%4”…</translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>%1 on %n cell(s) in %2 s.</source>
        <translation>
            <numerusform>%1 作用于 %n 个单元格，用时 %2 秒。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+57"/>
        <source>Running %1…</source>
        <translation>正在运行 %1…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cannot load the pyvene folder %1: %2</source>
        <translation>无法加载 pyvene 文件夹 %1：%2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The folder&apos;s intervention acts on %1, which the open model&apos;s map does not offer.</source>
        <translation>该文件夹的干预作用于 %1，而当前模型的图中没有此项。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Loaded %1 from %2.</source>
        <translation>已从 %2 加载 %1。</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+7"/>
        <source>Cannot save the intervention: %1</source>
        <translation>无法保存干预：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Wrote the intervention for pyvene %1 to %2</source>
        <translation>已将用于 pyvene %1 的干预写入 %2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cannot save the collected activations: %1</source>
        <translation>无法保存收集的激活：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Wrote the collected activations to %1</source>
        <translation>已将收集的激活写入 %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>another model</source>
        <translation>另一个模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Result computed on %1; no model is open.</source>
        <translation>结果是在 %1 上计算的；当前未打开模型。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>This result was computed on %1, not on the open model %2.</source>
        <translation>此结果是在 %1 上计算的，而不是在当前打开的模型 %2 上。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>token #%1</source>
        <translation>词元 #%1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>head %1</source>
        <translation>头 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“%1” (%2)</source>
        <translation>“%1”（%2）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>layer %1 · %2 · %3</source>
        <translation>第 %1 层 · %2 · %3</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Model: %1</source>
        <translation>模型：%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Partial result: %1.</source>
        <translation>部分结果：%1。</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow_actions.cpp" line="-186"/>
        <source>Click</source>
        <translation>单击</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Select a cell and show its predictions</source>
        <translation>选择单元格并显示其预测</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+Click</source>
        <translation>Ctrl+单击</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Add or remove a cell</source>
        <translation>添加或移除单元格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shift+Click</source>
        <translation>Shift+单击</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Select the rectangle from the last cell</source>
        <translation>选择从上一个单元格起的矩形</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drag</source>
        <translation>拖动</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Select a rectangle</source>
        <translation>选择矩形</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Click a layer or token label</source>
        <translation>单击层或词元标签</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Select the whole row or column</source>
        <translation>选择整行或整列</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Arrow keys</source>
        <translation>方向键</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Move the current cell (Shift extends the selection)</source>
        <translation>移动当前单元格（Shift 扩展选择）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>The user guide is not installed; see docs/workbench.md in Causeway&apos;s sources.</source>
        <translation>用户指南未安装；请参阅 Causeway 源代码中的 docs/workbench.md。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Unsaved results</source>
        <translation>未保存的结果</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The results of this session are not saved. Save them as an experiment file first?</source>
        <translation>本次会话的结果尚未保存。要先将其保存为实验文件吗？</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Open Experiment</source>
        <translation>打开实验</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Experiments (*.json);;All files (*)</source>
        <translation>实验 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Could not open the experiment %1:
%2</source>
        <translation>无法打开实验 %1：
%2</translation>
    </message>
    <message numerus="yes">
        <location line="+28"/>
        <source>Opened %1 (%n result(s))</source>
        <translation>
            <numerusform>已打开 %1（%n 个结果）</numerusform>
        </translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Save Experiment</source>
        <translation>保存实验</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>experiment.causeway.json</source>
        <translation>experiment.causeway.json</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Causeway experiments (*.causeway.json);;Experiments (*.json)</source>
        <translation>Causeway 实验 (*.causeway.json);;实验 (*.json)</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+17"/>
        <location line="+23"/>
        <location line="+16"/>
        <source>There is no heatmap to export yet.</source>
        <translation>尚无可导出的热力图。</translation>
    </message>
    <message>
        <location line="-52"/>
        <location line="+4"/>
        <source>Export Heatmap</source>
        <translation>导出热力图</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)</source>
        <translation>PNG 图像 (*.png);;SVG 矢量图 (*.svg);;PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Add a caption with the model, the prompts and the answers under the map?</source>
        <translation>在图下方添加包含模型、提示词和答案的说明文字？</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Export Normalised Heatmap Data</source>
        <translation>导出归一化热力图数据</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Export Heatmap Data</source>
        <translation>导出热力图数据</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Wrote %1</source>
        <translation>已写入 %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>There is no result to export yet.</source>
        <translation>尚无可导出的结果。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export Result</source>
        <translation>导出结果</translation>
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
        <translation>无法导出 pyvene 脚本：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export pyvene Script</source>
        <translation>导出 pyvene 脚本</translation>
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
        <translation>%1 中已有文件。仍要写入其中吗？</translation>
    </message>
    <message>
        <location line="+20"/>
        <location line="+10"/>
        <source>A pyvene config describes one intervention: select exactly one cell on the map (now %1).</source>
        <translation>pyvene 配置描述单个干预：请在图上恰好选择一个单元格（当前为 %1 个）。</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Save the pyvene Config as a Folder</source>
        <translation>将 pyvene 配置保存为文件夹</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>pyvene-config</source>
        <translation>pyvene-config</translation>
    </message>
    <message>
        <location line="-26"/>
        <source>Folders (*)</source>
        <translation>文件夹 (*)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Folder not empty</source>
        <translation>文件夹非空</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 is a file; choose a name for a new folder.</source>
        <translation>%1 是文件；请为新文件夹选择名称。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Could not create the folder %1; check that its parent is writable.</source>
        <translation>无法创建文件夹 %1；请检查其上级文件夹是否可写。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Cannot export the pyvene config: %1</source>
        <translation>无法导出 pyvene 配置：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Wrote the pyvene config to %1</source>
        <translation>已将 pyvene 配置写入 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/kind_panels_analysis.cpp" line="+8"/>
        <source>Entropy (low = focused)</source>
        <translation>熵（低 = 集中）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weight on the previous token</source>
        <translation>对前一个词元的权重</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weight on the first token</source>
        <translation>对第一个词元的权重</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attention patterns: what colours each head on the grid of heads</source>
        <translation>注意力模式：头网格中每个头的着色依据</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>every cell</source>
        <translation>所有单元格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> cells</source>
        <translation> 个单元格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attribution patching: how many of the cells with the largest estimated effect are then patched exactly, to measure the estimate (0 = none, lowest = every cell)</source>
        <translation>归因修补：随后对估计效应最大的多少个单元格做精确修补以检验估计（0 = 不做，最小值 = 所有单元格）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Heads coloured by:</source>
        <translation>头的着色依据：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AtP exact check:</source>
        <translation>AtP 精确检验：</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Attention Patterns</source>
        <translation>注意力模式(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Direct Logit Attribution</source>
        <translation>直接 logit 归因(&amp;D)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attri&amp;bution Patching (AtP)</source>
        <translation>归因修补 (AtP)(&amp;B)</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Query “%1” (%2) gives key “%3” (%4) the weight %5.</source>
        <translation>查询“%1”(%2) 给键“%3”(%4) 的权重为 %5。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Click a head on the Head grid tab to see another pattern</source>
        <translation>在“头网格”标签页中单击一个头以查看其他模式</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Layer %1, head %2: each row is a query token&apos;s attention over the key tokens; hover for the weights. The Pattern tab holds it for export.</source>
        <translation>第 %1 层，第 %2 个头：每一行是一个查询词元对各键词元的注意力；悬停查看权重。“模式”标签页保存它以便导出。</translation>
    </message>
</context>
<context>
    <name>causeway::app::ModelPanel</name>
    <message>
        <location filename="../app/gui/model_panel.cpp" line="+26"/>
        <location line="+54"/>
        <source>No model open.</source>
        <translation>未打开模型。</translation>
    </message>
    <message>
        <location line="-41"/>
        <source>Family</source>
        <translation>系列</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Heads</source>
        <translation>头数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Vocabulary</source>
        <translation>词表</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Tokenizer</source>
        <translation>分词器</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Opening %1 …</source>
        <translation>正在打开 %1 …</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 (%2 key/value)</source>
        <translation>%1（%2 个键/值头）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 (MLP %2)</source>
        <translation>%1（MLP %2）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 (computed in F32)</source>
        <translation>%1（以 F32 计算）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>~%1 for a full-context sweep</source>
        <translation>完整上下文扫描约需 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>~%1 for a full-context sweep; %2 free</source>
        <translation>完整上下文扫描约需 %1；可用 %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Still using %1.</source>
        <translation>仍在使用 %1。</translation>
    </message>
</context>
<context>
    <name>causeway::app::PredictionsPanel</name>
    <message>
        <location filename="../app/gui/predictions_panel.cpp" line="+31"/>
        <source>#%1 %2%</source>
        <translation>#%1 %2%</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Layer %1 experts: %2</source>
        <translation>第 %1 层专家：%2</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+51"/>
        <source>Click a heatmap cell to see that run&apos;s top predictions beside the clean and corrupted runs.</source>
        <translation>单击热力图单元格，查看该运行的首选预测，并与干净运行和损坏运行对照。</translation>
    </message>
    <message>
        <location line="-43"/>
        <location line="+42"/>
        <source>No cell chosen</source>
        <translation>未选择单元格</translation>
    </message>
    <message>
        <location line="-32"/>
        <source>Clicked cell</source>
        <translation>所单击的单元格</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Select cells on the map and press Intervene</source>
        <translation>在图上选择单元格，然后按“干预”</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Continuation without the intervention</source>
        <translation>无干预的续写</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>With the intervention</source>
        <translation>有干预的续写</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Intervention</source>
        <translation>干预</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1: %2 (the heatmap shows %3)</source>
        <translation>%1：%2（热图显示 %3）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Bold: the answer tokens.</source>
        <translation>粗体：答案词元。</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+2"/>
        <source>Clean</source>
        <translation>干净</translation>
    </message>
    <message>
        <location line="-2"/>
        <location line="+2"/>
        <source>Corrupted</source>
        <translation>损坏</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Base: %1</source>
        <translation>基础：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Source: %1</source>
        <translation>源：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Intervened</source>
        <translation>干预后</translation>
    </message>
</context>
<context>
    <name>causeway::app::PreferencesDialog</name>
    <message>
        <location filename="../app/gui/appsettings.cpp" line="+122"/>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>all cores</source>
        <translation>全部核心</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Logit difference</source>
        <translation>logit 差</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Probability</source>
        <translation>概率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Log-probability</source>
        <translation>对数概率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>KL divergence</source>
        <translation>KL 散度</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>ROME&apos;s colours for causal tracing (purple, green, red)</source>
        <translation>因果追踪使用 ROME 的配色（紫、绿、红）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Compute threads:</source>
        <translation>计算线程：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Default metric:</source>
        <translation>默认指标：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Colour map, signed values:</source>
        <translation>色图（有符号值）：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Colour map, other values:</source>
        <translation>色图（其他值）：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Theme:</source>
        <translation>主题：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A new language takes effect the next time Causeway starts.</source>
        <translation>新语言将在下次启动 Causeway 时生效。</translation>
    </message>
</context>
<context>
    <name>causeway::app::PromptsPanel</name>
    <message>
        <location filename="../app/gui/prompts_panel.cpp" line="+32"/>
        <source>Logit difference (correct − incorrect)</source>
        <translation>logit 差（正确 − 错误）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Probability of the correct answer</source>
        <translation>正确答案的概率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Log-probability of the correct answer</source>
        <translation>正确答案的对数概率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>KL divergence from the clean run</source>
        <translation>相对干净运行的 KL 散度</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Clean prompt</source>
        <translation>干净提示词</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. The Eiffel Tower is located in the city of</source>
        <translation>例如 The Eiffel Tower is located in the city of</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Click, shift-click or drag over tokens to choose the subject for causal tracing</source>
        <translation>单击、Shift+单击或拖过词元，为因果追踪选择主语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Corrupted prompt</source>
        <translation>损坏提示词</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Same number of tokens, with the key fact changed</source>
        <translation>词元数相同，但关键事实已更改</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Answer tokens</source>
        <translation>答案词元</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>clean run&apos;s top token</source>
        <translation>干净运行的首选词元</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One token, usually with a leading space, e.g. “ Paris”</source>
        <translation>一个词元，通常带前导空格，例如“ Paris”</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>corrupted run&apos;s top token</source>
        <translation>损坏运行的首选词元</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Correct:</source>
        <translation>正确：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Incorrect:</source>
        <translation>错误：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Options</source>
        <translation>选项</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Denoising: clean into corrupted</source>
        <translation>去噪：干净 → 损坏</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Noising: corrupted into clean</source>
        <translation>加噪：损坏 → 干净</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Noised copies of the prompt averaged per cell: 1 to %1 (ROME uses 10).</source>
        <translation>每个单元格取平均的加噪提示词副本数：1 到 %1（ROME 使用 10）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> (max %1)</source>
        <translation>（最多 %1）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> × embedding std</source>
        <translation> × 嵌入标准差</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Metric:</source>
        <translation>指标：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Direction:</source>
        <translation>方向：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Noise samples:</source>
        <translation>噪声样本：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Noise:</source>
        <translation>噪声：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Window:</source>
        <translation>窗口：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seed:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Patch</source>
        <translation>修补</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Activation patching over the selected cells (all when none are selected)</source>
        <translation>对所选单元格进行激活修补（未选择时为全部单元格）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trace</source>
        <translation>追踪</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ROME causal tracing of the clean prompt, noising the subject</source>
        <translation>对干净提示词进行 ROME 因果追踪，对主语加噪</translation>
    </message>
    <message>
        <location line="+23"/>
        <location line="+99"/>
        <source>Subject: none — select its tokens in the clean prompt to trace.</source>
        <translation>主语：无 — 在干净提示词中选择其词元以进行追踪。</translation>
    </message>
    <message numerus="yes">
        <location line="-77"/>
        <source>%n token(s)</source>
        <translation>
            <numerusform>%n 个词元</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 — longer than the model&apos;s %2 positions (max_position_embeddings / n_positions in config.json); shorten it.</source>
        <translation>%1 — 超过模型的 %2 个位置（config.json 中的 max_position_embeddings / n_positions）；请缩短。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 — the clean prompt has %2; patching needs the same number</source>
        <translation>%1 — 干净提示词有 %2；修补需要相同数量</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Subject: “%1”</source>
        <translation>主语：“%1”</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The subject “%1” does not occur in the clean prompt; select its tokens again.</source>
        <translation>主语“%1”未出现在干净提示词中；请重新选择其词元。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Subject: “%1” (tokens %2–%3)</source>
        <translation>主语：“%1”（词元 %2–%3）</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Edit the clean prompt</source>
        <translation>编辑干净提示词</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Edit the corrupted prompt</source>
        <translation>编辑损坏提示词</translation>
    </message>
</context>
<context>
    <name>causeway::app::ResultStore</name>
    <message numerus="yes">
        <location filename="../app/gui/result_store.cpp" line="+98"/>
        <source>Remove %n result(s)</source>
        <translation>
            <numerusform>移除 %n 个结果</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>causeway::app::ResultsListPanel</name>
    <message>
        <location filename="../app/gui/results_list_panel.cpp" line="+22"/>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Difference</source>
        <translation>差值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select two results with the same shape to see the first minus the second.</source>
        <translation>选择两个形状相同的结果，查看第一个减去第二个的差值。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>#%1 Difference %2</source>
        <translation>#%1 差值 %2</translation>
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
        <translation> · 运行中</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> · %1 cells, %2 s</source>
        <translation> · %1 个单元格，%2 秒</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Stopped: %1</source>
        <translation>已停止：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Model: %1 (%2)</source>
        <translation>模型：%1（%2）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weights: %1</source>
        <translation>权重：%1</translation>
    </message>
</context>
<context>
    <name>causeway::app::SafeApplication</name>
    <message>
        <location filename="../app/gui/safeapplication.cpp" line="+19"/>
        <source>an unknown error</source>
        <translation>未知错误</translation>
    </message>
</context>
<context>
    <name>causeway::app::Session</name>
    <message>
        <location filename="../app/gui/session.cpp" line="+94"/>
        <source>Reading the weights</source>
        <translation>正在读取权重</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reading the tokenizer</source>
        <translation>正在读取分词器</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Fingerprinting the weights</source>
        <translation>正在计算权重指纹</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>none</source>
        <translation>无</translation>
    </message>
</context>
<context>
    <name>causeway::widgets::HeatmapView</name>
    <message>
        <location filename="../widgets/heatmapview.cpp" line="+451"/>
        <source>not computed</source>
        <translation>未计算</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 %2, %3 %4 “%5”
%6: %7</source>
        <translation>%1 %2，%3 %4“%5”
%6：%7</translation>
    </message>
    <message>
        <location line="-3"/>
        <location line="+4"/>
        <source>row</source>
        <translation>行</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>%1 “%2” (%3) → %4 “%5” (%6)
%7: %8</source>
        <translation>%1“%2”(%3) → %4“%5”(%6)
%7：%8</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+4"/>
        <source>column</source>
        <translation>列</translation>
    </message>
    <message>
        <location line="-3"/>
        <location line="+4"/>
        <source>value</source>
        <translation>值</translation>
    </message>
</context>
<context>
    <name>causeway::widgets::PredictionsView</name>
    <message>
        <location filename="../widgets/predictionsview.cpp" line="+26"/>
        <source>Next-token predictions</source>
        <translation>下一个词元的预测</translation>
    </message>
    <message>
        <location line="+114"/>
        <source>“%1” %2%</source>
        <translation>“%1” %2%</translation>
    </message>
</context>
<context>
    <name>causeway::widgets::TokenChips</name>
    <message>
        <location filename="../widgets/prompteditor.cpp" line="+169"/>
        <source>Token %1: “%2”</source>
        <translation>词元 %1：“%2”</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="+121"/>
        <source>Causeway interpretability workbench</source>
        <translation>Causeway 可解释性工作台</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A model folder or an experiment file (.json).</source>
        <translation>模型文件夹或实验文件（.json）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start without opening the demo model.</source>
        <translation>启动时不打开演示模型。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>light, dark or system.</source>
        <translation>light、dark 或 system。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Language for this run (%1); overrides the setting.</source>
        <translation>本次运行使用的语言（%1）；优先于设置。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save the window as PNG and quit.</source>
        <translation>将窗口保存为 PNG 并退出。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Window size, WxH.</source>
        <translation>窗口大小，WxH。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clean prompt.</source>
        <translation>干净提示词。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Corrupted prompt.</source>
        <translation>损坏提示词。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Component to patch.</source>
        <translation>要修补的组件。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Subject tokens BEGIN,END.</source>
        <translation>主语词元 BEGIN,END。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select grid cells ROW0,COL0,ROW1,COL1.</source>
        <translation>选择网格单元格 ROW0,COL0,ROW1,COL1。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select grid cells ROW0,COL0,ROW1,COL1 before running (the sweep computes only those).</source>
        <translation>运行前选择网格单元格 ROW0,COL0,ROW1,COL1（扫描只计算这些）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>patch, trace, or a kind from the Run menu by name (attention_patterns, logit_attribution, attribution_patching).</source>
        <translation>patch、trace，或按名称指定“运行”菜单中的一种实验（attention_patterns、logit_attribution、attribution_patching）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Heatmap tab to show.</source>
        <translation>要显示的热力图标签页。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Click heatmap cell ROW,COL.</source>
        <translation>单击热力图单元格 ROW,COL。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run the intervention panel (vanilla, addition, subtraction, zero, noise, skip, collect).</source>
        <translation>运行干预面板（vanilla、addition、subtraction、zero、noise、skip、collect）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run the patch twice more (second component) and show the difference.</source>
        <translation>再运行两次修补（第二个组件）并显示差值。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>After a crash: ask, yes or no to restoring the autosaved work (default: ask).</source>
        <translation>崩溃之后：是否恢复自动保存的工作，ask、yes 或 no（默认：ask）。</translation>
    </message>
</context>
</TS>
