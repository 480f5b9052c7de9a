"""How fast is `tender check PLAN.docx` on a 50-page Word plan, as a whole process?

Builds a plan of about 50 A4 pages with python-docx (headings, numbered
paragraphs, a fault-level table per section; ~40,000 characters, the size of
a long 售后服务方案) in a temporary folder, then runs
``python -m generator check plan.docx`` as a user would and prints the wall
time of the whole process (median of --repeat runs), its CPU time (what the
process itself costs, less disturbed by other jobs) and the load average.

Goal: ≤ 1.5 s (exit status 1 when missed). The machine's load shows in wall
time: run it when the machine is quiet.

    python benchmarks/document.py [--pages 50] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GOAL = 1.5
CLAUSES = [
    "我公司对所供设备提供整机质保三年，质保期自验收合格之日起计算，质保期内免费上门维修、免费更换零部件。",
    "服务热线 400-826-3519 实行7×24小时值守，接到报修后 30分钟内响应，本市 2小时内、省内 8小时内到达现场。",
    "一般故障 24小时内修复；24小时内不能修复的，提供同档次备用设备，直至原设备修复。",
    "每季度上门巡检一次，检查设备运行、清洁、紧固和参数校准，巡检后 3个工作日内提交书面巡检报告。",
    "安装调试完成后对采购人操作人员和维护人员进行现场培训，共 2期、每期 10人，培训合格后颁发证书。",
    "质保期满后继续提供有偿维修服务，配件按成本价供应，停产后备件供应不少于 8年。",
    "投诉受理后 24小时内答复，处理结果由售后服务部负责人签字确认，并在 3日内回访客户。",
    "我公司在本市设有服务中心，配备专职工程师 6名、服务车辆 2台，常备易损件和常用备件。",
    "设备到货后 3日内完成开箱验收，安装调试在 15日内完成，并出具调试报告。",
    "软件系统提供免费升级，升级前书面告知采购人，升级在非工作时间进行，不影响正常使用。",
    "建立设备档案，记录每次维修、保养和巡检的时间、内容、更换配件和处理结果。",
    "重大节假日和重要活动期间安排工程师驻场值守，确保设备稳定运行。",
    "维修完成后由使用科室签字确认，服务满意度不低于 98%。",
    "因我公司原因未按时到场的，每超时 1小时按合同约定向采购人支付违约金。",
    "配件更换后旧件交采购人确认，更换的配件自更换之日起另享一年质保。",
]


def build(path: Path, pages: int) -> int:
    import random

    import docx

    rng = random.Random(0)  # the same plan every run
    d = docx.Document()
    d.add_heading("售后服务方案", 0)
    chars = 0
    for p in range(pages):
        d.add_heading(f"第{p + 1}部分 服务承诺", 1)
        for k in range(1, 8):
            para = f"{k}. " + "".join(rng.sample(CLAUSES, 3))
            d.add_paragraph(para)
            chars += len(para)
        table = d.add_table(rows=4, cols=4)
        for r, row in enumerate([("故障级别", "响应", "到场", "修复"), ("一级", "30分钟", "2小时", "8小时"),
                                 ("二级", "1小时", "4小时", "24小时"), ("三级", "2小时", "8小时", "48小时")]):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
                chars += len(text)
    d.save(path)
    return chars


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        plan = Path(tmp) / "plan.docx"
        chars = build(plan, args.pages)
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        times, cpu = [], []
        for _ in range(args.repeat):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            proc = subprocess.run([sys.executable, "-m", "generator", "check", "plan.docx"], cwd=tmp, env=env,
                                  capture_output=True, text=True, check=False)
            times.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
            if proc.returncode not in (0, 1):
                sys.exit(f"check failed ({proc.returncode}): {proc.stderr}")
        findings = len(proc.stdout.splitlines())
        median = statistics.median(times)
        print(f"{args.pages}-page Word plan: {chars} characters, {plan.stat().st_size // 1024} KB, {findings} findings")
        print(f"whole process (python -m generator check plan.docx): median {median:.2f} s, min {min(times):.2f} s "
              f"over {args.repeat} runs (goal ≤ {GOAL} s); CPU time median {statistics.median(cpu):.2f} s; load average {os.getloadavg()[0]:.1f}")
    sys.exit(0 if median <= GOAL else 1)


if __name__ == "__main__":
    main()
