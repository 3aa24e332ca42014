from flowdeck.api import *

# 创建行情连接
quote_ctx = OpenQuoteContext(host='127.0.0.1', port=11111)

# 获取资金流向数据
ret, data = quote_ctx.get_capital_flow(['HK.00700'])
if ret == RET_OK:
    print('获取资金流向数据成功')
    for flow in data:
        print(f"股票代码: {flow['code']}")
        print(f"更新时间: {flow['update_time']}")
        print(f"主力净流入: {flow['main_net_inflow']}")
        print(f"主力净流入比例: {flow['main_net_inflow_ratio']}")
        print(f"散户净流入: {flow['retail_net_inflow']}")
        print(f"散户净流入比例: {flow['retail_net_inflow_ratio']}")
        print(f"超大单净流入: {flow['super_net_inflow']}")
        print(f"超大单净流入比例: {flow['super_net_inflow_ratio']}")
        print(f"大单净流入: {flow['large_net_inflow']}")
        print(f"大单净流入比例: {flow['large_net_inflow_ratio']}")
        print(f"中单净流入: {flow['medium_net_inflow']}")
        print(f"中单净流入比例: {flow['medium_net_inflow_ratio']}")
        print(f"小单净流入: {flow['small_net_inflow']}")
        print(f"小单净流入比例: {flow['small_net_inflow_ratio']}")
else:
    print('获取资金流向数据失败:', data)

# 关闭连接
quote_ctx.close()
