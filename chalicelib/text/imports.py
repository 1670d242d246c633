"""Words of mass import: what is wrong with a file or a row, the report's headers, the template's example."""

WORDS: dict[str, tuple[str, str]] = {
    "problem.import_empty": ("文件是空的，或只有表头没有数据。", "The file is empty or holds only a header row."),
    "problem.import_one_file": ("请只上传一个文件。", "Upload exactly one file."),
    "problem.import_file_type": (
        "请上传 CSV 或 Excel（.xlsx）文件。",
        "Upload a CSV or an Excel (.xlsx) file.",
    ),
    "problem.import_not_csv": (
        "这个文件不是 CSV 文本（可能是 Excel 或压缩文件改了扩展名），请在 Excel 中“另存为 CSV”后再上传。",
        "This file is not CSV text (perhaps an Excel or zip file renamed to .csv). "
        "Save it as CSV in Excel and upload again.",
    ),
    "problem.import_not_xlsx": (
        "无法读取这个 Excel 文件，请确认它是 .xlsx 格式。",
        "This Excel file cannot be read. Make sure it is an .xlsx file.",
    ),
    "problem.import_encoding": (
        "无法识别文件编码：请保存为 UTF-8 或 GBK（GB18030）编码的 CSV。",
        "The file's encoding is not recognised: save the CSV as UTF-8 or GBK (GB18030).",
    ),
    "problem.import_too_many_rows": (
        "文件有 {rows} 行，一次最多导入 {limit} 行，请分成几个文件。",
        "The file has {rows} rows; one import takes at most {limit}. Split it into several files.",
    ),
    "problem.import_missing_columns": (
        "缺少必填列：{columns}。请使用模板中的表头。",
        "Required columns are missing: {columns}. Use the template's headers.",
    ),
    "problem.import_duplicate_in_file": (
        "与第 {row} 行是同一位候选人同一天的面试，不会重复创建。",
        "The same candidate on the same day as row {row}: it will not be created twice.",
    ),
    "problem.import_duplicate_existing": (
        "这位候选人当天已有这个职位的面试，不会重复创建。",
        "This candidate already has an interview for this position that day: it will not be created twice.",
    ),
    "problem.import_has_invalid_rows": (
        "有 {invalid} 行有错误：选择“只导入正确的行”，或修改文件后重新上传。",
        "{invalid} rows have errors: import the valid rows only, or fix the file and upload it again.",
    ),
    "problem.import_not_ready": (
        "这个导入已经开始或已完成。",
        "This import has already started or finished.",
    ),
    "import.report.row": ("行", "row"),
    "import.report.column": ("列", "column"),
    "import.report.value": ("内容", "value"),
    "import.report.message": ("问题", "message"),
    "import.report.code": ("代码", "code"),
}
