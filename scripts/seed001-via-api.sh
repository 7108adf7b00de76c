#!/usr/bin/env bash
# Takes seed 001 (the minister's Beijing–Shanghai trip, 22–26/4/2024) from draft to completed using only the public
# HTTP API and the demo accounts. Usage: scripts/seed001-via-api.sh [base-url]   (default http://localhost:5000)
# Needs curl and python3 (for JSON). Start the app first: dotnet run --project src/Delegations.Web
set -euo pipefail
BASE="${1:-http://localhost:5000}"
PASSWORD="Demo@2026"

json() { python3 -c "import sys,json; d=json.load(sys.stdin); print($1)"; }
token() { curl -sf -X POST "$BASE/api/auth/login" -H 'Content-Type: application/json' -d "{\"email\":\"$1\",\"password\":\"$PASSWORD\"}" | json "d['accessToken']"; }
call() { local who="$1" method="$2" path="$3" body="${4:-}"; curl -sf -X "$method" "$BASE$path" -H "Authorization: Bearer $(token "$who")" -H 'Content-Type: application/json' ${body:+-d "$body"}; }
# The id of the open task at a step of the proposal, from the acting user's own inbox.
task_of() { call "$1" GET /api/tasks | python3 -c "import sys,json; print([t['id'] for t in json.load(sys.stdin) if t['proposalId']=='$2' and t['stepId']=='$3'][$4])"; }
act() { call "$1" POST "/api/tasks/$(task_of "$1" "$2" "$3" "${6:-0}")/complete" "{\"outcome\":\"$4\",\"comment\":\"$5\"${7:+,\"data\":$7}}" >/dev/null; echo "  $1: $3 -> $4"; }
status() { call admin@demo.local GET "/api/proposals/$1" | json "d['status']"; }

read -r -d '' PROPOSAL <<'JSON' || true
{
  "kind": "outbound",
  "title": "Đoàn công tác của Bộ KH&CN thăm và làm việc tại Trung Quốc",
  "purpose": "Hội đàm với Bộ trưởng Bộ KH&CN Trung Quốc Âm Hoà Tuấn; tham dự Diễn đàn Trung Quan Thôn 2024; ký Biên bản ghi nhớ với Ủy ban KH&CN Thượng Hải.",
  "startDate": "2024-04-22", "endDate": "2024-04-26",
  "destinations": [ { "country": "CN", "city": "Bắc Kinh" }, { "country": "CN", "city": "Thượng Hải" } ],
  "counterparts": [ { "organisation": "Bộ Khoa học và Công nghệ Trung Quốc", "country": "CN", "contactName": "Âm Hoà Tuấn", "contactTitle": "Bộ trưởng" } ],
  "members": [
    { "fullName": "Huỳnh Thành Đạt", "title": "Bộ trưởng Bộ Khoa học và Công nghệ", "role": "head", "grade": "minister" },
    { "fullName": "Trần Thị Minh Hà", "title": "Vụ trưởng Vụ Hợp tác quốc tế", "role": "member" },
    { "fullName": "Lê Quang Huy", "title": "Cục trưởng Cục Phát triển thị trường và Doanh nghiệp KH&CN", "role": "member" },
    { "fullName": "Nguyễn Hoàng Long", "title": "Phó Chánh Văn phòng Bộ", "role": "member" },
    { "fullName": "Phan Thu Trang", "title": "Phiên dịch tiếng Trung", "role": "interpreter" }
  ],
  "agenda": [ { "date": "2024-04-22", "activity": "Hội đàm với Bộ trưởng Âm Hoà Tuấn" }, { "date": "2024-04-25", "activity": "Ký Biên bản ghi nhớ tại Thượng Hải" } ],
  "budget": { "source": "state-budget", "lines": [
    { "category": "airfare", "amount": 9800, "currency": "USD", "exchangeRate": 25300 },
    { "category": "perdiem", "amount": 3250, "currency": "USD", "exchangeRate": 25300 },
    { "category": "accommodation", "amount": 5600, "currency": "USD", "exchangeRate": 25300 },
    { "category": "gifts", "amount": 15000000 } ] },
  "invitation": { "from": "Bộ trưởng Bộ KH&CN Trung Quốc Âm Hoà Tuấn", "date": "2024-03-01" }
}
JSON

ID=$(call submitter@demo.local POST /api/proposals "$PROPOSAL" | json "d['id']")
echo "created $ID ($(status "$ID"))"
call submitter@demo.local POST "/api/proposals/$ID/submit" >/dev/null
echo "submitted ($(status "$ID"))"
act head@demo.local "$ID" department-head approve "Đồng ý trình Bộ trưởng."
act intl@demo.local "$ID" international-office approve "Phù hợp kế hoạch hợp tác."
act leader@demo.local "$ID" leadership approve "Đồng ý cử đoàn."
echo "approved ($(status "$ID"))"
act finance@demo.local "$ID" budget-check approve "Phù hợp định mức."
for _ in 1 2 3 4 5; do act visa@demo.local "$ID" visas done "" 0 '{"visaStatus":"granted","passportType":"official"}'; done
echo "after the return on 26/4/2024: $(status "$ID")"
call submitter@demo.local POST "/api/proposals/$ID/report" '{
  "summary": "Hội đàm với Bộ trưởng Âm Hoà Tuấn và Bộ trưởng Hoàng Nhuận Thu; tham dự Diễn đàn Trung Quan Thôn 2024.",
  "results": "Ký Biên bản ghi nhớ với Ủy ban KH&CN Thượng Hải; treo biển Phòng thí nghiệm liên kết.",
  "agreements": [ { "title": "Biên bản ghi nhớ hợp tác", "counterpart": "Ủy ban KH&CN Thượng Hải", "signedOn": "2024-04-25" } ],
  "followUps": [ { "action": "Đề xuất chương trình trao đổi nhà khoa học trẻ với Đại học Thanh Hoa", "owner": "Vụ Hợp tác quốc tế", "due": "2025-06-30" } ] }' >/dev/null
echo "report filed: $(status "$ID")"
[ "$(status "$ID")" = completed ]
